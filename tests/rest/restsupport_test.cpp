#include "platform/datacorerest/restsupport.h"
#include "platform/datacorerest/truststore.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace pathlens {
namespace {

TEST(RestHost, PlainNameGetsTheDefaultPortAndTheRestServicePath)
{
    const auto endpoint = parseRestHost("SSV1.Example.Local");
    ASSERT_TRUE(endpoint) << endpoint.error().toString();
    EXPECT_EQ(endpoint->hostName, "ssv1.example.local");
    EXPECT_EQ(endpoint->port, 443);
    EXPECT_EQ(endpoint->key, "ssv1.example.local");
    EXPECT_EQ(endpoint->baseUrl, "https://ssv1.example.local/RestService/rest.svc/");
}

TEST(RestHost, PortAndUrlFormsAreRead)
{
    const auto withPort = parseRestHost(" 10.0.0.5:8443 ");
    ASSERT_TRUE(withPort);
    EXPECT_EQ(withPort->port, 8443);
    EXPECT_EQ(withPort->key, "10.0.0.5:8443");
    EXPECT_EQ(withPort->baseUrl, "https://10.0.0.5:8443/RestService/rest.svc/");

    const auto url = parseRestHost("https://ssv1:443/RestService/rest.svc/1.0/ports");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->key, "ssv1"); // 443 is implied, so both spellings trust the same certificate
    EXPECT_EQ(url->baseUrl, "https://ssv1/RestService/rest.svc/");

    const auto v6 = parseRestHost("[FE80::1]:9443");
    ASSERT_TRUE(v6) << v6.error().toString();
    EXPECT_EQ(v6->hostName, "fe80::1");
    EXPECT_EQ(v6->key, "[fe80::1]:9443");
    EXPECT_EQ(v6->baseUrl, "https://[fe80::1]:9443/RestService/rest.svc/");
}

TEST(RestHost, BadHostsAreRefusedWithAReason)
{
    const auto http = parseRestHost("http://ssv1");
    ASSERT_FALSE(http);
    EXPECT_NE(http.error().message.find("HTTPS only"), std::string::npos);
    EXPECT_FALSE(parseRestHost(""));
    EXPECT_FALSE(parseRestHost("   "));
    EXPECT_FALSE(parseRestHost("ssv1:"));
    EXPECT_FALSE(parseRestHost("ssv1:0"));
    EXPECT_FALSE(parseRestHost("ssv1:65536"));
    EXPECT_FALSE(parseRestHost("ssv1:44x"));
    EXPECT_FALSE(parseRestHost("ssv 1"));
    EXPECT_FALSE(parseRestHost("admin@ssv1"));
    EXPECT_FALSE(parseRestHost("fe80::1"));  // needs brackets
    EXPECT_FALSE(parseRestHost("[fe80::1"));
    EXPECT_FALSE(parseRestHost("[zz::1]:443"));
}

TEST(RestAuthorizationHeader, BothFormsAreSpelledAsDocumented)
{
    EXPECT_EQ(restAuthorizationHeader(RestAuthorization::DataCoreLiteral, "Administrator", "MyPassword1"),
              "Basic Administrator MyPassword1");
    // RFC 7617's own example.
    EXPECT_EQ(restAuthorizationHeader(RestAuthorization::StandardBasic, "Aladdin", "open sesame"),
              "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");

    RestAuthorization form = RestAuthorization::DataCoreLiteral;
    EXPECT_TRUE(parseRestAuthorization("BASE64", form));
    EXPECT_EQ(form, RestAuthorization::StandardBasic);
    EXPECT_TRUE(parseRestAuthorization("literal", form));
    EXPECT_EQ(form, RestAuthorization::DataCoreLiteral);
    EXPECT_FALSE(parseRestAuthorization("digest", form));
    EXPECT_EQ(toString(RestAuthorization::StandardBasic), "base64");
}

TEST(RestServerMessage, MessageFieldsAreFoundWhereDataCoreAndIisPutThem)
{
    EXPECT_EQ(restServerMessage(R"({"Message":"Logon failure: unknown user name or bad password."})"),
              "Logon failure: unknown user name or bad password.");
    EXPECT_EQ(restServerMessage(R"({"ErrorCode":12,"ErrorMessage":"Port is in use."})"), "Port is in use.");
    EXPECT_EQ(restServerMessage(R"({"Error":{"Message":"nested"}})"), "nested");
    EXPECT_EQ(restServerMessage(R"({"Message":"","ErrorMessage":"second"})"), "second");
    EXPECT_EQ(restServerMessage("<html>Server Error</html>"), "");
    EXPECT_EQ(restServerMessage(R"(["not","an","object"])"), "");
    EXPECT_EQ(restServerMessage(""), "");
}

TEST(Fingerprint, FormatAndNormaliseAgree)
{
    EXPECT_EQ(formatFingerprint(std::string("\x01\xab\xff", 3)), "01:AB:FF");
    const std::string canonical =
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    EXPECT_EQ(normaliseFingerprint("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"), canonical);
    EXPECT_EQ(normaliseFingerprint(canonical), canonical);
    EXPECT_EQ(normaliseFingerprint("AB CD EF"), ""); // too short
    EXPECT_EQ(normaliseFingerprint(canonical + ":GG"), "");
}

TEST(TrustStore, SettingsStoreKeepsOneFingerprintPerHost)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string file = dir.filePath(QStringLiteral("trust.ini")).toStdString();
    {
        SettingsTrustStore store(file);
        EXPECT_FALSE(store.trustedFingerprint("127.0.0.1:8443"));
        store.trust("127.0.0.1:8443", "AA:BB");
        store.trust("ssv1", "CC:DD");
    }
    SettingsTrustStore again(file); // a later run sees the same
    EXPECT_EQ(again.trustedFingerprint("127.0.0.1:8443"), "AA:BB");
    EXPECT_EQ(again.trustedFingerprint("ssv1"), "CC:DD");
    again.trust("ssv1", "EE:FF");
    EXPECT_EQ(again.trustedFingerprint("ssv1"), "EE:FF");
    again.forget("ssv1");
    EXPECT_FALSE(again.trustedFingerprint("ssv1"));
    EXPECT_EQ(again.trustedFingerprint("127.0.0.1:8443"), "AA:BB");
}

TEST(TrustStore, MemoryStoreBehavesTheSame)
{
    MemoryTrustStore store;
    EXPECT_FALSE(store.trustedFingerprint("h"));
    store.trust("h", "AA");
    EXPECT_EQ(store.trustedFingerprint("h"), "AA");
    store.forget("h");
    EXPECT_FALSE(store.trustedFingerprint("h"));
}

} // namespace
} // namespace pathlens
