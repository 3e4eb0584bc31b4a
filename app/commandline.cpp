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

} // namespace

CommandLineOutcome parseCommandLine(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "PathLens shows DataCore SANsymphony servers, their ports, back-end disks and every MPIO path "
        "with its ALUA state.\n"
        "Without a command it opens the console; without a source, on the built-in simulated lab.\n\n"
        "Commands:\n"
        "  report    write a path report (see --format, --output) and exit"));
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("Optional: report."),
                                 QStringLiteral("[command]"));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption labOption(QStringLiteral("lab"),
                                       QStringLiteral("Open the simulated lab described by <file> (JSON scenario)."),
                                       QStringLiteral("file"));
    const QCommandLineOption bundleOption(
        QStringLiteral("bundle"), QStringLiteral("Open a support bundle (folder or .zip) collected on a DataCore server."),
        QStringLiteral("path"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          QStringLiteral("report: output format (json)."), QStringLiteral("format"),
                                          QStringLiteral("json"));
    const QCommandLineOption outputOption(QStringLiteral("output"),
                                          QStringLiteral("report: write to <file> instead of standard output."),
                                          QStringLiteral("file"));
    parser.addOptions({labOption, bundleOption, formatOption, outputOption});

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
    if (!positional.isEmpty()) {
        if (positional.constFirst() != QLatin1String("report"))
            return usageError(QStringLiteral("unknown command '%1'").arg(positional.constFirst()));
        if (positional.size() > 1)
            return usageError(QStringLiteral("unexpected argument '%1'").arg(positional.at(1)));
        ReportRequest report;
        report.format = parser.value(formatOption).toLower();
        if (report.format != QLatin1String("json"))
            return usageError(QStringLiteral("unsupported report format '%1' (supported: json)").arg(report.format));
        report.outputFile = parser.value(outputOption);
        request.report = report;
    } else if (parser.isSet(formatOption) || parser.isSet(outputOption)) {
        return usageError(QStringLiteral("--format and --output belong to the report command"));
    }

    if (parser.isSet(labOption) && parser.isSet(bundleOption))
        return usageError(QStringLiteral("choose one source: --lab or --bundle"));
    request.backend.labFile = parser.value(labOption);
    request.backend.bundlePath = parser.value(bundleOption);
    if (parser.isSet(labOption) && request.backend.labFile.isEmpty())
        return usageError(QStringLiteral("--lab needs a file name"));
    if (parser.isSet(bundleOption) && request.backend.bundlePath.isEmpty())
        return usageError(QStringLiteral("--bundle needs a path"));
    outcome.request = request;
    return outcome;
}

} // namespace pathlens
