#include "app/application.h"

#include "app/backendfactory.h"
#include "app/commandline.h"
#include "app/reportcommand.h"
#include "model/inventoryservice.h"
#include "views/mainwindow.h"

#include <QApplication>
#include <QIcon>
#include <QTextStream>

#include <cstdio>
#include <memory>

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

int runConsole(int argc, char **argv, std::unique_ptr<Backend> backend)
{
    QApplication app(argc, argv);
    describeApplication();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));

    InventoryService service(std::move(backend));
    MainWindow window(service);
    window.setSourceOpener([](MainWindow::SourceKind kind, const QString &path) {
        BackendChoice choice;
        if (kind == MainWindow::SourceKind::LabScenario)
            choice.labFile = path;
        else
            choice.bundlePath = path;
        return createBackend(choice);
    });
    window.show(); // the window starts the first refresh and owns the auto-refresh setting
    return app.exec();
}

} // namespace

int runApplication(int argc, char **argv)
{
    // The command line is read without a GUI application, so --help, --version,
    // errors and headless commands work where no display exists.
    std::unique_ptr<Backend> backend;
    {
        QCoreApplication app(argc, argv);
        describeApplication();
        const CommandLineOutcome outcome = parseCommandLine(QCoreApplication::arguments());
        print(stdout, outcome.output);
        print(stderr, outcome.error.isEmpty() ? QString() : QStringLiteral("pathlens: ") + outcome.error);
        if (!outcome.request)
            return outcome.exitCode;
        if (outcome.request->report) {
            QTextStream out(stdout);
            QTextStream err(stderr);
            return runReportCommand(*outcome.request, out, err);
        }
        // Load everything before a window appears: a broken scenario is
        // refused whole, with its reason on stderr even where no display exists.
        auto created = createBackend(outcome.request->backend);
        if (!created) {
            print(stderr, QStringLiteral("pathlens: ") + QString::fromStdString(created.error().toString()));
            return 1;
        }
        backend = std::move(created).value();
    }
    return runConsole(argc, argv, std::move(backend));
}

} // namespace pathlens
