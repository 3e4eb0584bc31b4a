// libFuzzer target: a scenario file is refused whole or loads whole.
#include "platform/lab/labbackend.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto lab = pathlens::LabBackend::fromText(std::string_view(reinterpret_cast<const char *>(data), size), "fuzz");
    if (lab.ok() && lab.value()->dataCore())
        (void)lab.value()->dataCore()->ports();
    return 0;
}
