#include "app/application.h"

#include "app/backendfactory.h"
#include "app/checkcommand.h"
#include "app/commandline.h"
#include "app/displaycheck.h"
#include "app/reportcommand.h"
#include "model/inventoryservice.h"
#include "views/connectdialog.h"
#include "views/mainwindow.h"
#include "views/migrationwizard/migrationwizard.h"

#include <QApplication>
#include <QGuiApplication>
#include <QIcon>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <optional>

namespace pathlens {

namespace {

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("PathLens"));
    QCoreApplication::setApplicationName(QStringLiteral("PathLens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PATHLENS_VERSION));
}

void print(FILE *stream, const QString &text)
{
    if (text.isEmpty())
        return;
    QTextStream out(stream);
    out << text;
    if (!text.endsWith(QLatin1Char('\n')))
        out << '\n';
}

/// --connect in the console: the connect dialog, filled from the command
/// line, asks for what is missing (password, certificate trust) and connects
/// as soon as it is shown when the keychain had the password. nullptr when
/// the admin cancels.
std::unique_ptr<Backend> connectFromCommandLine(const RestChoice &rest)
{
    ConnectDialog dialog(connectServices());
    dialog.setSettings(connectionSettingsFor(rest)); // fetches a stored password
    dialog.setConnectOnShow(!dialog.settings().password.isEmpty());
    if (dialog.exec() != QDialog::Accepted) {
        print(stderr, QStringLiteral("pathlens: not connected to %1").arg(rest.host));
        return nullptr;
    }
    auto created = createBackend(backendChoiceFor(dialog.settings()));
    if (!created) {
        print(stderr, QStringLiteral("pathlens: ") + QString::fromStdString(created.error().toString()));
        return nullptr;
    }
    return std::move(created).value();
}

int runConsole(int argc, char **argv, std::unique_ptr<Backend> backend, const std::optional<RestChoice> &connect)
{
    const QStringList arguments = [&] {
        QStringList list;
        for (int i = 0; i < argc; ++i)
            list << QString::fromLocal8Bit(argv[i]);
        return list;
    }();
    if (auto problem = missingDisplay([](const char *name) { return qEnvironmentVariable(name); }, arguments)) {
        print(stderr, QStringLiteral("pathlens: ") + *problem);
        return 1;
    }
    std::optional<QApplication> app;
    constructGuiOrExit([&] { app.emplace(argc, argv); });
    describeApplication();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));

    if (connect) {
        backend = connectFromCommandLine(*connect);
        if (!backend)
            return 1;
    }

    InventoryService service(std::move(backend));
    MainWindow window(service);
    window.setSourceOpener([](const MainWindow::SourceRequest &request) {
        BackendChoice choice;
        switch (request.kind) {
        case MainWindow::SourceKind::LabScenario:
            choice.labFile = request.path;
            break;
        case MainWindow::SourceKind::BundleFolder:
        case MainWindow::SourceKind::BundleArchive:
            choice.bundlePath = request.path;
            break;
        case MainWindow::SourceKind::DataCoreRest:
            choice = backendChoiceFor(request.connection);
            break;
        }
        return createBackend(choice);
    });
    window.setConnectServices(connectServices());
    window.show(); // the window starts the first refresh and owns the auto-refresh setting
    // A driver replacement that stopped half-way (crash, restart, cancel) is
    // offered again once the window is up.
    QTimer::singleShot(0, &window, [&service, &window] { offerToResumeMigration(service, &window); });
    return app->exec();
}

} // namespace

int runApplication(int argc, char **argv)
{
    // The command line is read without a GUI application, so --help, --version,
    // errors and headless commands work where no display exists.
    std::unique_ptr<Backend> backend;
    std::optional<RestChoice> connect;
    std::optional<CommandLineRequest> pdfReport;
    {
        QCoreApplication app(argc, argv);
        describeApplication();
        const CommandLineOutcome outcome = parseCommandLine(QCoreApplication::arguments());
        print(stdout, outcome.output);
        print(stderr, outcome.error.isEmpty() ? QString() : QStringLiteral("pathlens: ") + outcome.error);
        if (!outcome.request)
            return outcome.exitCode;
        QTextStream out(stdout);
        QTextStream err(stderr);
        if (outcome.request->report && outcome.request->report->format == QLatin1String("pdf")) {
            pdfReport = outcome.request; // lays out text: needs a GUI application's fonts, below
        } else if (outcome.request->report) {
            return runReportCommand(*outcome.request, out, err);
        } else if (outcome.request->check) {
            return runCheckCommand(*outcome.request, out, err);
        } else if (outcome.request->migrate) {
            return runMigrateCommand(outcome.request->backend, *outcome.request->migrate, out, err);
        }
        if (pdfReport) {
            // written below
        } else if (outcome.request->backend.rest) {
            // may need a password or a certificate decision: the console's connect dialog asks
            connect = outcome.request->backend.rest;
        } else {
            // Load everything before a window appears: a broken scenario is
            // refused whole, with its reason on stderr even where no display exists.
            auto created = createBackend(outcome.request->backend);
            if (!created) {
                print(stderr, QStringLiteral("pathlens: ") + QString::fromStdString(created.error().toString()));
                return 1;
            }
            backend = std::move(created).value();
        }
    }
    if (pdfReport) {
        // Headless as the other reports: no display needed for fonts.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        describeApplication();
        QTextStream out(stdout);
        QTextStream err(stderr);
        return runReportCommand(*pdfReport, out, err);
    }
    return runConsole(argc, argv, std::move(backend), connect);
}

} // namespace pathlens
