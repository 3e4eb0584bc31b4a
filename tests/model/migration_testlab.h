#pragma once

// Labs and settings the remedy 2 tests share: a scenario from tests/data or
// resources/labs, optionally with faults or other text swapped in, on a
// clock the test owns, with journals in a temporary folder.

#include "model/migration/migrationengine.h"
#include "platform/lab/labbackend.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace pathlens::testlab {

using TimePoint = std::chrono::system_clock::time_point;

inline std::string readText(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

inline std::string fixtureText(const std::string &name)
{
    return readText(std::string(PATHLENS_TEST_DATA_DIR) + "/labs/" + name);
}

inline std::string shippedText(const std::string &name)
{
    return readText(std::string(PATHLENS_SOURCE_DIR) + "/resources/labs/" + name);
}

/// @p text with `"faults": []` replaced by @p faults (a JSON array).
inline std::string withFaults(std::string text, const std::string &faults)
{
    const std::string empty = "\"faults\": []";
    const std::size_t at = text.find(empty);
    EXPECT_NE(at, std::string::npos) << "the scenario has no empty faults list";
    if (at != std::string::npos)
        text.replace(at, empty.size(), "\"faults\": " + faults);
    return text;
}

inline std::string replaced(std::string text, const std::string &from, const std::string &to)
{
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "\"" << from << "\" is not in the scenario";
    if (at != std::string::npos)
        text.replace(at, from.size(), to);
    return text;
}

/// A lab on a clock the test owns (an hour after the traffic origin).
struct TestLab {
    std::unique_ptr<LabBackend> backend;
    TimePoint time{};

    LabBackend &operator*() { return *backend; }
    LabBackend *operator->() { return backend.get(); }
};

inline std::unique_ptr<TestLab> openLab(const std::string &text, const std::string &name = "migration-lab.json")
{
    auto loaded = LabBackend::fromText(text, name);
    EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().toString());
    if (!loaded.ok())
        return nullptr;
    auto lab = std::make_unique<TestLab>();
    lab->backend = std::move(loaded).value();
    lab->time = TimePoint(std::chrono::seconds(1717394400)) + std::chrono::hours(1);
    TestLab *raw = lab.get();
    lab->backend->setClock([raw] { return raw->time; });
    return lab;
}

inline MigrationSettings settingsIn(const QTemporaryDir &journals)
{
    MigrationSettings settings;
    settings.journalDirectory = journals.path();
    settings.measureInterval = std::chrono::seconds(10);
    return settings;
}

inline MigrationRequest requestFor(std::string server, std::vector<std::string> ports = {})
{
    MigrationRequest request;
    request.server = std::move(server);
    request.ports = std::move(ports);
    return request;
}

inline const MigrationStep *stepOf(const MigrationRun &run, const std::string &id)
{
    return run.step(id);
}

inline const PreflightItem *preflightItem(const MigrationRun &run, const std::string &id)
{
    for (const PreflightItem &item : run.preflight) {
        if (item.id == id)
            return &item;
    }
    return nullptr;
}

inline const Adapter *adapterAt(const std::vector<Adapter> &adapters, PciLocation pci)
{
    for (const Adapter &adapter : adapters) {
        if (adapter.pci == pci)
            return &adapter;
    }
    return nullptr;
}

inline const DataCorePort *portById(const std::vector<DataCorePort> &ports, const std::string &id)
{
    for (const DataCorePort &port : ports) {
        if (port.id == id)
            return &port;
    }
    return nullptr;
}

inline bool hasRule(const HealthSummary &health, std::string_view rule)
{
    for (const Finding &finding : health.findings) {
        if (finding.rule == rule)
            return true;
    }
    return false;
}

} // namespace pathlens::testlab
