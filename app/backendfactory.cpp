#include "app/backendfactory.h"

#include "platform/bundle/bundlebackend.h"
#include "platform/lab/labbackend.h"

#include <QFile>

namespace pathlens {

namespace {

const char defaultLabResource[] = ":/labs/default-lab.json";

Result<std::unique_ptr<Backend>> openLab(const QString &labFile)
{
    if (!labFile.isEmpty()) {
        auto lab = LabBackend::fromFile(labFile.toStdString());
        if (!lab)
            return lab.error();
        return std::unique_ptr<Backend>(std::move(lab).value());
    }
    // The shipped scenario lives in the resources; the lab itself reads plain text.
    QFile file(QString::fromLatin1(defaultLabResource));
    if (!file.open(QIODevice::ReadOnly))
        return Error{"open lab", "the built-in lab scenario is missing from this build", 0};
    const QByteArray text = file.readAll();
    auto lab = LabBackend::fromText(std::string_view(text.constData(), std::size_t(text.size())), "default-lab.json");
    if (!lab)
        return lab.error();
    return std::unique_ptr<Backend>(std::move(lab).value());
}

} // namespace

Result<std::unique_ptr<Backend>> createBackend(const BackendChoice &choice)
{
    if (!choice.bundlePath.isEmpty()) {
        auto bundle = BundleBackend::open(choice.bundlePath.toStdString());
        if (!bundle)
            return bundle.error();
        return std::unique_ptr<Backend>(std::move(bundle).value());
    }
    return openLab(choice.labFile);
}

} // namespace pathlens
