// libFuzzer target: the JSON reader must refuse any input cleanly.
#include "platform/json/json.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto parsed = pathlens::parseJson(std::string_view(reinterpret_cast<const char *>(data), size));
    if (parsed.ok())
        (void)parsed.value().kind();
    return 0;
}
