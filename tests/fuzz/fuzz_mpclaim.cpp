// libFuzzer target: every mpclaim parser on the same bytes, after the same
// decoding a bundle applies.
#include "platform/mpclaim/mpclaimparser.h"
#include "platform/text/textdecode.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    const auto decoded = pathlens::decodeText(bytes);
    const std::string_view text = decoded.ok() ? std::string_view(decoded.value()) : bytes;
    (void)pathlens::parseDiskList(text);
    (void)pathlens::parseDiskDetails(text);
    (void)pathlens::parseHardware(text);
    (void)pathlens::parseMsdsmPolicy(text);
    (void)pathlens::parseTargetPolicies(text);
    return 0;
}
