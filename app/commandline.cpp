#include "app/commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace pathlens {

namespace {

CommandLineOutcome usageError(const QString &message)
{
    CommandLineOutcome outcome;
    outcome.error = message + QStringLiteral("\nTry 'pathlens --help'.");
    outcome.exitCode = 2;
    return outcome;
}

// --interval: seconds, fractions allowed, at most an hour.
bool parseInterval(const QString &text, double &seconds)
{
    bool ok = false;
    seconds = text.toDouble(&ok);
    return ok && seconds >= 0 && seconds <= 3600;
}

CommandLineOutcome parseArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "PathLens shows DataCore SANsymphony servers, their ports, back-end disks and every MPIO path "
        "with its ALUA state.\n"
        "Without a command it opens the console; without a source, on the built-in simulated lab.\n\n"
        "Commands:\n"
        "  report    write a path report (see --format, --output) and exit\n"
        "  check     evaluate the health rules, print the findings and exit 0 (OK), 1 (warnings), 2 (critical) "
        "or 3 (the data could not be read)\n"
        "  migrate   hand a server's back-end to Windows MPIO (remedy 2): --server NAME --dry-run or --apply; "
        "--resume, --rollback or --abandon an unfinished run. Exit 0 done, 1 failed, 2 blocked, 3 not read, "
        "4 waits for a restart or paused\n\n"
        "A live DataCore server (--connect) needs its REST password. The console takes it from the system "
        "keychain or asks for it; report reads it from the keychain or from the environment variable "
        "PATHLENS_REST_PASSWORD. It is never taken from the command line."));
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("Optional: report or check."),
                                 QStringLiteral("[command]"));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption labOption(QStringLiteral("lab"),
                                       QStringLiteral("Open the simulated lab described by <file> (JSON scenario)."),
                                       QStringLiteral("file"));
    const QCommandLineOption bundleOption(
        QStringLiteral("bundle"), QStringLiteral("Open a support bundle (folder or .zip) collected on a DataCore server."),
        QStringLiteral("path"));
    const QCommandLineOption formatOption(
        QStringLiteral("format"),
        QStringLiteral("report: output format: json (default), csv, html, pdf (needs --output) or prometheus "
                       "(textfile collector format)."),
        QStringLiteral("format"), QStringLiteral("json"));
    const QCommandLineOption diffOption(
        QStringLiteral("diff"),
        QStringLiteral("report: include the changes since <file>, a saved baseline or an earlier JSON report."),
        QStringLiteral("file"));
    const QCommandLineOption saveBaselineOption(
        QStringLiteral("save-baseline"),
        QStringLiteral("report: also save the paths as they are now as a baseline to <file>."), QStringLiteral("file"));
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("report: only this server; migrate: the server to change (name, host name or id)."),
                                          QStringLiteral("name"));
    const QCommandLineOption outputOption(QStringLiteral("output"),
                                          QStringLiteral("report: write to <file> instead of standard output."),
                                          QStringLiteral("file"));
    const QCommandLineOption connectOption(
        QStringLiteral("connect"),
        QStringLiteral("Connect to the DataCore REST service on <host> (HTTPS; host or host:port)."),
        QStringLiteral("host"));
    const QCommandLineOption userOption(QStringLiteral("user"),
                                        QStringLiteral("--connect: the DataCore user name (report: required)."),
                                        QStringLiteral("name"));
    const QCommandLineOption serverHostOption(
        QStringLiteral("server-host"),
        QStringLiteral("--connect: the ServerHost header, the DataCore server whose group is read "
                       "(default: the REST host)."),
        QStringLiteral("name"));
    const QCommandLineOption authOption(
        QStringLiteral("auth-form"),
        QStringLiteral("--connect: Authorization header form: literal (DataCore's \"Basic user password\", the "
                       "default) or base64 (standard HTTP Basic)."),
        QStringLiteral("form"), QStringLiteral("literal"));
    const QCommandLineOption fingerprintOption(
        QStringLiteral("trust-fingerprint"),
        QStringLiteral("--connect: trust the server's certificate on first use if its SHA-256 fingerprint is "
                       "<sha256> (compared beforehand). A different certificate already trusted for the host is "
                       "never replaced."),
        QStringLiteral("sha256"));
    const QCommandLineOption intervalOption(
        QStringLiteral("interval"),
        QStringLiteral("check, report: seconds between the two readings that measure I/O per path (default 2; "
                       "the lab steps its own clock, a bundle uses its counter samples; 0: one reading, state rules "
                       "only)."),
        QStringLiteral("seconds"));
    parser.addOptions({labOption, bundleOption, formatOption, outputOption, connectOption, userOption,
                       serverHostOption, authOption, fingerprintOption, intervalOption, diffOption,
                       saveBaselineOption, serverOption});
    addMigrateOptions(parser);

    if (!parser.parse(arguments))
        return usageError(parser.errorText());

    CommandLineOutcome outcome;
    if (parser.isSet(helpOption)) {
        outcome.output = parser.helpText();
        return outcome;
    }
    if (parser.isSet(versionOption)) {
        outcome.output = QCoreApplication::applicationName() + QLatin1Char(' ')
            + QCoreApplication::applicationVersion() + QLatin1Char('\n');
        return outcome;
    }

    const QStringList positional = parser.positionalArguments();
    CommandLineRequest request;
    double interval = 2.0;
    if (parser.isSet(intervalOption) && !parseInterval(parser.value(intervalOption), interval))
        return usageError(QStringLiteral("--interval needs seconds between 0 and 3600"));
    if (!positional.isEmpty() && positional.constFirst() == QLatin1String("migrate")) {
        if (positional.size() > 1)
            return usageError(QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));
        if (parser.isSet(outputOption) || parser.isSet(intervalOption))
            return usageError(QStringLiteral("--output and --interval do not belong to the migrate command"));
        QString error;
        request.migrate = migrateRequestFrom(parser, error);
        if (!request.migrate)
            return usageError(error);
    } else if (const QString used = migrateOptionUsed(parser); !used.isEmpty()) {
        return usageError(QStringLiteral("%1 belongs to the migrate command").arg(used));
    } else if (!positional.isEmpty() && positional.constFirst() == QLatin1String("check")) {
        if (positional.size() > 1)
            return usageError(QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));
        if (parser.isSet(formatOption) || parser.isSet(outputOption) || parser.isSet(diffOption)
            || parser.isSet(saveBaselineOption) || parser.isSet(serverOption))
            return usageError(QStringLiteral("--format, --output, --diff, --save-baseline and --server belong to the "
                                             "report command"));
        request.check = CheckRequest{interval};
    } else if (!positional.isEmpty()) {
        if (positional.constFirst() != QLatin1String("report"))
            return usageError(QStringLiteral("unknown command '%1'").arg(positional.constFirst()));
        if (positional.size() > 1)
            return usageError(QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));
        ReportRequest report;
        report.format = parser.value(formatOption).toLower();
        static const QStringList formats{QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("html"),
                                         QStringLiteral("pdf"), QStringLiteral("prometheus")};
        if (!formats.contains(report.format))
            return usageError(QStringLiteral("unsupported report format '%1' (supported: %2)")
                                  .arg(report.format, formats.join(QStringLiteral(", "))));
        report.outputFile = parser.value(outputOption);
        if (report.format == QLatin1String("pdf") && report.outputFile.isEmpty())
            return usageError(QStringLiteral("--format pdf needs --output <file>"));
        report.diffFile = parser.value(diffOption);
        report.saveBaselineFile = parser.value(saveBaselineOption);
        report.server = parser.value(serverOption).trimmed();
        if ((parser.isSet(diffOption) && report.diffFile.isEmpty())
            || (parser.isSet(saveBaselineOption) && report.saveBaselineFile.isEmpty()))
            return usageError(QStringLiteral("--diff and --save-baseline need a file name"));
        if (parser.isSet(serverOption) && report.server.isEmpty())
            return usageError(QStringLiteral("--server needs a server name"));
        report.intervalSeconds = interval;
        request.report = report;
    } else if (parser.isSet(formatOption) || parser.isSet(outputOption) || parser.isSet(diffOption)
               || parser.isSet(saveBaselineOption) || parser.isSet(serverOption)) {
        return usageError(QStringLiteral("--format, --output, --diff, --save-baseline and --server belong to the "
                                         "report command"));
    } else if (parser.isSet(intervalOption)) {
        return usageError(QStringLiteral("--interval belongs to the check and report commands"));
    }

    const int sources = int(parser.isSet(labOption)) + int(parser.isSet(bundleOption)) + int(parser.isSet(connectOption));
    if (sources > 1)
        return usageError(QStringLiteral("choose one source: --lab, --bundle or --connect"));
    if (parser.isSet(connectOption)) {
        RestChoice rest;
        rest.host = parser.value(connectOption).trimmed();
        if (rest.host.isEmpty())
            return usageError(QStringLiteral("--connect needs a host"));
        rest.user = parser.value(userOption).trimmed();
        rest.serverHost = parser.value(serverHostOption).trimmed();
        if (!parseRestAuthorization(parser.value(authOption).toStdString(), rest.authorization))
            return usageError(
                QStringLiteral("unknown --auth-form '%1' (literal or base64)").arg(parser.value(authOption)));
        rest.trustFingerprint = parser.value(fingerprintOption).trimmed();
        if (!rest.trustFingerprint.isEmpty() && normaliseFingerprint(rest.trustFingerprint.toStdString()).empty())
            return usageError(QStringLiteral("--trust-fingerprint needs a SHA-256 fingerprint (32 hex bytes, "
                                             "colons optional)"));
        if (request.report && rest.user.isEmpty())
            return usageError(QStringLiteral("report --connect needs --user"));
        request.backend.rest = rest;
    } else {
        for (const QCommandLineOption *option : {&userOption, &serverHostOption, &authOption, &fingerprintOption})
            if (parser.isSet(*option))
                return usageError(QStringLiteral("--%1 belongs to --connect").arg(option->names().constFirst()));
    }
    request.backend.labFile = parser.value(labOption);
    request.backend.bundlePath = parser.value(bundleOption);
    if (parser.isSet(labOption) && request.backend.labFile.isEmpty())
        return usageError(QStringLiteral("--lab needs a file name"));
    if (parser.isSet(bundleOption) && request.backend.bundlePath.isEmpty())
        return usageError(QStringLiteral("--bundle needs a path"));
    outcome.request = request;
    return outcome;
}

} // namespace

CommandLineOutcome parseCommandLine(const QStringList &arguments)
{
    CommandLineOutcome outcome = parseArguments(arguments);
    // A monitoring system reads every exit code of check: a usage error is
    // UNKNOWN (3) there, not CRITICAL (2).
    if (!outcome.request && outcome.exitCode != 0 && arguments.mid(1).contains(QLatin1String("check")))
        outcome.exitCode = 3;
    return outcome;
}

} // namespace pathlens
