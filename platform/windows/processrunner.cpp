#include "processrunner.h"

#include "commandline.h"
#include "winsupport.h"

#include <windows.h>

#include <memory>
#include <thread>

namespace pathlens::win {
namespace {

/// Owns an attribute list for STARTUPINFOEXW.
class AttributeList final
{
public:
    explicit AttributeList(DWORD count)
    {
        SIZE_T size = 0;
        InitializeProcThreadAttributeList(nullptr, count, 0, &size);
        m_storage.reset(new (std::nothrow) unsigned char[size]);
        if (m_storage) {
            m_list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(m_storage.get());
            if (!InitializeProcThreadAttributeList(m_list, count, 0, &size))
                m_list = nullptr;
        }
    }
    AttributeList(const AttributeList &) = delete;
    AttributeList &operator=(const AttributeList &) = delete;
    ~AttributeList()
    {
        if (m_list)
            DeleteProcThreadAttributeList(m_list);
    }
    LPPROC_THREAD_ATTRIBUTE_LIST get() const { return m_list; }

private:
    std::unique_ptr<unsigned char[]> m_storage;
    LPPROC_THREAD_ATTRIBUTE_LIST m_list = nullptr;
};

} // namespace

Result<std::string> systemProgram(const std::string &fileName)
{
    wchar_t directory[MAX_PATH + 1] = {};
    const UINT length = GetSystemDirectoryW(directory, MAX_PATH);
    if (length == 0 || length > MAX_PATH)
        return lastError("GetSystemDirectoryW");
    return toUtf8(std::wstring_view(directory, length)) + '\\' + fileName;
}

Result<ProcessOutput> runProcess(const std::string &program, const std::vector<std::string> &arguments,
                                 std::chrono::milliseconds timeout)
{
    auto line = buildCommandLine(program, arguments);
    if (!line)
        return line.error();
    const std::string name = "CreateProcessW " + program;

    SECURITY_ATTRIBUTES inherit{};
    inherit.nLength = sizeof(inherit);
    inherit.bInheritHandle = TRUE;

    UniqueHandle readEnd;
    UniqueHandle writeEnd;
    if (!CreatePipe(readEnd.put(), writeEnd.put(), &inherit, 0))
        return lastError("CreatePipe");
    // Our end stays ours: the child must not hold it open.
    if (!SetHandleInformation(readEnd.get(), HANDLE_FLAG_INHERIT, 0))
        return lastError("SetHandleInformation");
    UniqueHandle nul(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, OPEN_EXISTING,
                                 FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!nul.valid())
        return lastError("CreateFileW NUL");

    // Inherit exactly these two handles, not every inheritable one this
    // process happens to hold on other threads.
    AttributeList attributes(1);
    if (!attributes.get())
        return lastError("InitializeProcThreadAttributeList");
    HANDLE inherited[] = {writeEnd.get(), nul.get()};
    if (!UpdateProcThreadAttribute(attributes.get(), 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
                                   sizeof inherited, nullptr, nullptr))
        return lastError("UpdateProcThreadAttribute");

    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = sizeof(startup);
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = nul.get();
    startup.StartupInfo.hStdOutput = writeEnd.get();
    startup.StartupInfo.hStdError = writeEnd.get();
    startup.lpAttributeList = attributes.get();

    std::wstring applicationName = toWide(program);
    std::wstring commandLine = toWide(*line); // CreateProcessW may write into it
    PROCESS_INFORMATION info{};
    if (!CreateProcessW(applicationName.c_str(), commandLine.data(), nullptr, nullptr, TRUE,
                        CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT | EXTENDED_STARTUPINFO_PRESENT, nullptr,
                        nullptr, &startup.StartupInfo, &info))
        return lastError(name);
    UniqueHandle process(info.hProcess);
    UniqueHandle thread(info.hThread);
    // Only the child holds the write end now: reading ends when it exits.
    writeEnd.reset();
    nul.reset();

    // Read on a helper thread so a full pipe never blocks the child while
    // this thread watches the timeout.
    std::string bytes;
    std::thread reader([&bytes, handle = readEnd.get()] {
        char buffer[4096];
        DWORD got = 0;
        while (ReadFile(handle, buffer, sizeof buffer, &got, nullptr) && got > 0)
            bytes.append(buffer, got);
    });
    const DWORD waited = WaitForSingleObject(process.get(), static_cast<DWORD>(timeout.count()));
    if (waited != WAIT_OBJECT_0) {
        // Ours to end: we started it and it overran.
        TerminateProcess(process.get(), 1);
        WaitForSingleObject(process.get(), 5000);
    }
    reader.join();
    if (waited == WAIT_TIMEOUT)
        return Error{name, "did not finish within " + std::to_string(timeout.count() / 1000) + " seconds; ended", 0};
    if (waited != WAIT_OBJECT_0)
        return lastError("WaitForSingleObject " + program);

    DWORD exitCode = 0;
    if (!GetExitCodeProcess(process.get(), &exitCode))
        return lastError("GetExitCodeProcess " + program);

    ProcessOutput out;
    out.exitCode = exitCode;
    bool converted = false;
    out.output = decodeProcessOutput(bytes, converted);
    if (!converted) {
        // Console programs write the OEM code page into a pipe.
        const int wide = MultiByteToWideChar(CP_OEMCP, 0, bytes.data(), static_cast<int>(bytes.size()), nullptr, 0);
        std::wstring text(static_cast<std::size_t>(wide > 0 ? wide : 0), L'\0');
        if (wide > 0)
            MultiByteToWideChar(CP_OEMCP, 0, bytes.data(), static_cast<int>(bytes.size()), text.data(), wide);
        out.output = toUtf8(text);
    }
    return out;
}

} // namespace pathlens::win
