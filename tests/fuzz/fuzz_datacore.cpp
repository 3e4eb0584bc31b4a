// libFuzzer target: the DataCore REST parsers take raw response bytes (any
// encoding) and must refuse bad input with an error, never crash.
#include "platform/datacore/restparser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    (void)pathlens::parsePortsJson(bytes);
    (void)pathlens::parseServersJson(bytes);
    (void)pathlens::parsePhysicalDisksJson(bytes);
    return 0;
}
