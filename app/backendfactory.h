#pragma once

#include "platform/backend.h"
#include "platform/result.h"

#include <QString>

#include <memory>

namespace pathlens {

/// Where the console reads its picture from. Only this file knows the concrete
/// backends; everything else sees the platform interfaces.
struct BackendChoice {
    QString labFile;    ///< empty: the lab scenario shipped in the resources
    QString bundlePath; ///< a support bundle (folder or .zip); wins over the lab when set
};

Result<std::unique_ptr<Backend>> createBackend(const BackendChoice &choice);

} // namespace pathlens
