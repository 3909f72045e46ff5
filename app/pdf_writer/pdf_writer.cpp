// The PDF writer module (libperimeter_pdf_writer.so): lays a report's HTML out with Qt Gui's
// text layout and writes it with QPdfWriter (A4, fonts embedded, Cyrillic too). Loaded with
// dlopen by analysis::export_pdf (app/analysis/pdf_export.cpp) when a PDF is written, so that
// perimeter-cli and the analysis library do not link Qt: loading Qt Gui, ICU and their
// dependencies took ~3 ms of symbol look-ups at the start of every CLI command. One C function
// is the whole interface; no exception crosses it. Works headless: creates an offscreen
// QGuiApplication when the process has none.
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <unistd.h>

#include <cstdio>
#include <memory>

namespace {

void set_error(char* err, size_t err_len, const QString& msg) {
    if (err && err_len) std::snprintf(err, err_len, "%s", msg.toUtf8().constData());
}

int write_pdf(const char* html, const char* title, const char* path, char* err, size_t err_len) {
    std::unique_ptr<QGuiApplication> own_app;
    if (!QGuiApplication::instance()) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {  // Qt wants one; a private temp folder will do
            const QByteArray dir = QByteArray("/tmp/perimeter-runtime-") + QByteArray::number(static_cast<qulonglong>(getuid()));
            QDir().mkpath(QString::fromLatin1(dir));
            QFile::setPermissions(QString::fromLatin1(dir), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            qputenv("XDG_RUNTIME_DIR", dir);
        }
        static int argc = 1;
        static char arg0[] = "perimeter";
        static char* argv[] = {arg0, nullptr};
        own_app = std::make_unique<QGuiApplication>(argc, argv);
    }
    const QString file = QString::fromUtf8(path);
    {
        QFile probe(file);
        if (!probe.open(QIODevice::WriteOnly)) {
            set_error(err, err_len, file + ": cannot write the PDF: " + probe.errorString());
            return 1;
        }
    }
    QPdfWriter writer(file);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter);
    writer.setTitle(QString::fromUtf8(title));
    writer.setCreator("Perimeter");
    QTextDocument doc;
    doc.setHtml(QString::fromUtf8(html));
    // Lay out on the printable area in points so font sizes mean what they say.
    doc.setPageSize(writer.pageLayout().paintRect(QPageLayout::Point).size());
    doc.print(&writer);
    return 0;
}

}  // namespace

// 0 on success; otherwise non-zero with a message naming the file in `err`.
extern "C" __attribute__((visibility("default"))) int perimeter_write_pdf(const char* html, const char* title,
                                                                          const char* path, char* err, size_t err_len) {
    try {
        return write_pdf(html, title, path, err, err_len);
    } catch (const std::exception& e) {
        set_error(err, err_len, QString::fromUtf8(path) + ": cannot write the PDF: " + QString::fromUtf8(e.what()));
    } catch (...) {
        set_error(err, err_len, QString::fromUtf8(path) + ": cannot write the PDF");
    }
    return 1;
}
