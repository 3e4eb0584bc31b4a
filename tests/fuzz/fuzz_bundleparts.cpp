// libFuzzer target: the bundle's own file formats (manifest, adapters,
// MPIO path map, counter samples).
#include "platform/bundle/bundleparts.h"
#include "platform/text/isotime.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    (void)pathlens::parseBundleManifest(text);
    (void)pathlens::parseBundleAdapters(text);
    (void)pathlens::parseBundleMpioPaths(text);
    std::vector<std::string> problems;
    (void)pathlens::parseBundleCounterSample(text, "20240608T211320Z", problems);
    (void)pathlens::parseIsoTimeText(text);
    (void)pathlens::parseIsoTimeText(text, true);
    (void)pathlens::parseFileStamp(text);
    (void)pathlens::parseHexPathId(text);
    return 0;
}
