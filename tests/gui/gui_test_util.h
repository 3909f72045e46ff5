// Shared set-up for the GUI tests: a temporary folder with its own settings file and
// database, the real sample PDFs, the real model, and a direct (synchronous) ingest for
// tests that need a ready library before the window opens.
#pragma once
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "docs-ingest/ingest_pipeline.h"
#include "tests/common/test_env.h"
#include "ui/settings.h"

namespace perimeter::test {

inline QString qpath(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

inline QStringList sample_pdfs() {
    const QString dir = qpath(source_dir() / "resources" / "samples");
    return {dir + "/northwind-annual-report-2025.pdf", dir + "/northwind-q3-2025-scan.pdf",
            dir + "/volga-logistics-ras-2025.pdf"};
}

// Fails the calling test (returns false) naming what is missing.
inline bool inputs_present(const QStringList& files) {
    for (const QString& f : files)
        if (!QFileInfo::exists(f)) {
            qWarning("missing test input: %s (run scripts/setup.sh)", qPrintable(f));
            return false;
        }
    const QString extract = qpath(bin_dir() / "perimeter-extract");
    const QString render = qpath(bin_dir() / "perimeter-render");
    for (const QString& b : {extract, render})
        if (!QFileInfo(b).isExecutable()) {
            qWarning("missing helper: %s (build perimeter-extract and perimeter-render)", qPrintable(b));
            return false;
        }
    return true;
}

inline QString gui_out_dir() {
    const QString out = qpath(out_dir() / "gui");
    QDir().mkpath(out);
    return out;
}

// A fresh folder with settings.ini and library.sqlite for one test.
struct Sandbox {
    QTemporaryDir dir;
    std::unique_ptr<ui::Settings> settings;
    QString db;
    Sandbox() {
        dir.setAutoRemove(true);
        settings = std::make_unique<ui::Settings>(dir.filePath("settings.ini"));
        db = dir.filePath("library.sqlite");
        settings->set(ui::keys::database, db);
        settings->set(ui::keys::export_dir, dir.filePath("export"));
        settings->set(ui::keys::user_name, QStringLiteral("Test Analyst"));
        // The helpers the app finds next to itself are in ../bin from the test binaries.
        qputenv("PERIMETER_RENDER", (qpath(bin_dir() / "perimeter-render")).toUtf8());
        qputenv("PERIMETER_EXTRACT", (qpath(bin_dir() / "perimeter-extract")).toUtf8());
    }
};

// Ingests files into `db` on this thread, through the real pipeline and extraction helper.
inline ingest::IngestSummary ingest_now(const QString& db, const QStringList& files) {
    std::vector<std::filesystem::path> paths;
    for (const QString& f : files) paths.emplace_back(f.toStdString());
    ingest::IngestOptions opts;
    opts.extract.threads = 2;
    ingest::IngestPipeline pipeline(db.toStdString(), opts);
    return pipeline.run(paths);
}

// The longest gap between ticks of a 10 ms timer on the UI thread: how long the UI froze.
class StallMeter : public QObject {
public:
    StallMeter() {
        timer_.setInterval(10);
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, this, [this] {
            const qint64 now = clock_.elapsed();
            max_gap_ = std::max(max_gap_, now - last_);
            last_ = now;
        });
    }
    void start() {
        clock_.start();
        last_ = 0;
        max_gap_ = 0;
        timer_.start();
    }
    qint64 stop() {
        timer_.stop();
        return max_gap_;
    }
    qint64 max_gap_ms() const { return max_gap_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0, max_gap_ = 0;
};

}  // namespace perimeter::test
