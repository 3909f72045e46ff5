// Quitting mid-job: closing the window during an ingest, and during generation, returns
// within 2 s, and the store is intact afterwards (SQLite integrity check, FTS index check,
// every ready document complete).
#include <QElapsedTimer>

#include "docs-ingest/store.h"
#include "tests/gui/gui_test_util.h"
#include "ui/actions.h"
#include "ui/generation_worker.h"
#include "ui/ingest_worker.h"
#include "ui/main_window.h"
#include "ui/session.h"

using namespace perimeter;

namespace {
void check_store(const QString& db) {
    ingest::Store store(db.toStdString());
    QCOMPARE(store.check_integrity(), std::string("ok"));
    for (const auto& d : store.documents()) {
        if (d.status != ingest::DocStatus::Ready) continue;
        QCOMPARE(int(store.pages(d.id).size()), d.pages);
        QVERIFY(d.chunks > 0);
    }
}
}  // namespace

class GuiQuit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quit_during_ingest() {
        const QStringList samples = test::sample_pdfs();
        QVERIFY2(test::inputs_present(samples), "inputs missing");
        test::Sandbox box;
        qint64 close_ms = 0;
        {
            ui::MainWindow w(*box.settings);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QSignalSpy events(w.session()->ingest(), &ui::IngestWorker::event);
            w.import_paths(samples);
            QVERIFY(events.wait(30000));  // the batch has started
            QVERIFY(w.ingesting());
            QElapsedTimer t;
            t.start();
            QVERIFY(w.close());
            close_ms = t.elapsed();
        }
        qInfo("closed during ingest in %lld ms", close_ms);
        QVERIFY2(close_ms < 2000, qPrintable(QStringLiteral("close took %1 ms").arg(close_ms)));
        check_store(box.db);
        // The next run finishes what was left.
        const auto summary = test::ingest_now(box.db, samples);
        QVERIFY(summary.ok());
        ingest::Store store(box.db.toStdString());
        int ready = 0;
        for (const auto& d : store.documents()) ready += d.status == ingest::DocStatus::Ready ? 1 : 0;
        QCOMPARE(ready, 3);
    }

    void quit_during_generation() {
        const QStringList samples = test::sample_pdfs();
        QVERIFY2(test::inputs_present(samples), "inputs missing");
        const QString model = test::qpath(test::smollm2());
        QVERIFY2(QFileInfo::exists(model), qPrintable("missing model: " + model));
        test::Sandbox box;
        QVERIFY(test::ingest_now(box.db, samples).ok());
        box.settings->set(ui::keys::model_path, model);
        qint64 close_ms = 0;
        {
            ui::MainWindow w(*box.settings);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QSignalSpy ready(&w, &ui::MainWindow::model_ready);
            QVERIFY(ready.wait(60000));
            QSignalSpy tokens(w.session()->generation(), &ui::GenerationWorker::token);
            QSignalSpy progress(w.session()->generation(), &ui::GenerationWorker::progress);
            w.actions()->summary->trigger();
            QVERIFY(w.generating());
            QTRY_VERIFY_WITH_TIMEOUT(tokens.count() > 0 || progress.count() > 0 || !w.generating(), 60000);
            QVERIFY2(w.generating(), "the summary ended before the window could be closed mid-way");
            QElapsedTimer t;
            t.start();
            QVERIFY(w.close());
            close_ms = t.elapsed();
        }
        qInfo("closed during generation in %lld ms", close_ms);
        QVERIFY2(close_ms < 2000, qPrintable(QStringLiteral("close took %1 ms").arg(close_ms)));
        check_store(box.db);
    }
};

QTEST_MAIN(GuiQuit)
#include "gui_quit.moc"
