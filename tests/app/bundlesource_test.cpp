#include "model/snapshotbuilder.h"
#include "platform/bundle/bundlebackend.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

// A bundle with MPIO output only (DataCore REST was not reachable when it was
// collected) still shows its host with every MPIO disk and path.
TEST(BundleSource, HostWithoutDataCoreFilesStillShowsItsDisks)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QDir fixture(QStringLiteral(PATHLENS_TEST_DATA_DIR "/bundles/ssv2"));
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("mpclaim")));
    for (const char *name : {"manifest.json", "mpclaim/list.txt", "mpclaim/disk-0.txt", "mpclaim/disk-1.txt"})
        ASSERT_TRUE(QFile::copy(fixture.filePath(QString::fromLatin1(name)), QDir(dir.path()).filePath(QString::fromLatin1(name))))
            << name;

    auto bundle = BundleBackend::open(dir.path().toStdString());
    ASSERT_TRUE(bundle.ok()) << bundle.error().toString();
    const SourceData sources = readSources(*bundle.value());
    EXPECT_TRUE(sources.servers.empty());
    ASSERT_EQ(sources.hosts.size(), 1u);
    EXPECT_EQ(sources.hosts.front().host, "SSV2");
    EXPECT_EQ(sources.hosts.front().mpioDisks.size(), 2u);

    const InventorySnapshot snapshot = buildSnapshot(sources);
    ASSERT_EQ(snapshot.servers.size(), 1u);
    EXPECT_GT(snapshot.pathCount(), 0u);
    // What is missing is said, never invented.
    bool datacoreMissing = false;
    for (const std::string &part : bundle.value()->missingParts())
        datacoreMissing = datacoreMissing || part.find("datacore/") != std::string::npos;
    EXPECT_TRUE(datacoreMissing);
}

} // namespace
} // namespace pathlens
