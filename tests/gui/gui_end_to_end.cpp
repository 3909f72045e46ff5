// The analyst's whole path through the real window under Xvfb, driven with input events on
// widgets found by objectName: import a sample PDF through the import dialog, load the model
// through the Models page, ask a question and see a cited answer stream in, click the
// citation and see the page with the span highlighted, write a summary, edit a figure and see
// it flagged, approve, export to PDF and Markdown, and read the audit log. A screenshot of
// each main screen at 1600x1000 goes to PERIMETER_TEST_OUT/gui/. A 10 ms timer on the UI
// thread measures the longest stall; more than 1 s fails.
#include <QAbstractItemView>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QMimeData>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextEdit>

#include "tests/gui/gui_test_util.h"
#include "ui/assistant_panel.h"
#include "ui/document_viewer.h"
#include "ui/generation_worker.h"
#include "ui/library_panel.h"
#include "ui/main_window.h"
#include "ui/model_manager.h"
#include "ui/page_canvas.h"
#include "ui/report_document.h"
#include "ui/reports_panel.h"
#include "ui/session.h"

using namespace perimeter;

namespace {

template <class T>
T* find(QWidget* root, const char* name) {
    T* w = root->findChild<T*>(QLatin1String(name));
    if (!w) qWarning("no widget %s", name);
    return w;
}

void click(QWidget* w) {
    QVERIFY2(w && w->isVisible() && w->isEnabled(), w ? qPrintable(w->objectName() + " not clickable") : "null widget");
    QTest::mouseClick(w, Qt::LeftButton, {}, w->rect().center());
}

void click_tab(QTabWidget* tabs, int index) {
    QTabBar* bar = tabs->tabBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(index).center());
    QTRY_COMPARE(tabs->currentIndex(), index);
}

// The file dialog the last click opened: pick `path` and accept, as a user would.
void answer_file_dialog(const char* name, const QString& path) {
    QFileDialog* dlg = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dlg = qApp->activeModalWidget() ? qobject_cast<QFileDialog*>(qApp->activeModalWidget()) : nullptr) ||
                                 [&] {
                                     for (QWidget* w : QApplication::topLevelWidgets())
                                         if (auto* d = qobject_cast<QFileDialog*>(w); d && d->isVisible() && d->objectName() == QLatin1String(name)) {
                                             dlg = d;
                                             return true;
                                         }
                                     return false;
                                 }(),
                             5000);
    QVERIFY(dlg);
    if (dlg->fileMode() == QFileDialog::Directory) {
        dlg->setDirectory(path);
        auto* edit = dlg->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        if (edit) edit->clear();
    } else {
        // Several files: "a.pdf" "b.pdf" in the file name box, all in one folder.
        const QString first = path.contains(QLatin1Char('"')) ? path.section(QLatin1Char('"'), 1, 1) : path;
        dlg->setDirectory(QFileInfo(first).absolutePath());
        auto* edit = dlg->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        QVERIFY(edit);
        edit->clear();
        if (path.contains(QLatin1Char('"'))) {
            QStringList names;
            for (const QString& p : path.split(QLatin1Char('"'), Qt::SkipEmptyParts))
                if (!p.trimmed().isEmpty()) names << QLatin1Char('"') + QFileInfo(p).fileName() + QLatin1Char('"');
            QTest::keyClicks(edit, names.join(QLatin1Char(' ')));
        } else {
            QTest::keyClicks(edit, QFileInfo(path).fileName());
        }
    }
    QTest::keyClick(dlg, Qt::Key_Return);
    QTRY_VERIFY(!dlg || !dlg->isVisible());
}

void shot(QWidget* w, const QString& name) {
    QTest::qWait(200);  // let the last repaint land
    const QImage img = w->grab().toImage();
    if (img.size() != QSize(1600, 1000)) {
        for (QWidget* c : w->findChildren<QWidget*>())
            if (c->minimumSizeHint().width() > 500 && c->isVisible())
                qWarning("%s %s min %d", c->metaObject()->className(), qPrintable(c->objectName()), c->minimumSizeHint().width());
    }
    QCOMPARE(img.size(), QSize(1600, 1000));
    QVERIFY(img.save(test::gui_out_dir() + "/" + name + ".png"));
}

}  // namespace

class GuiEndToEnd : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void analyst_path() {
        const QStringList samples = test::sample_pdfs();
        QVERIFY2(test::inputs_present(samples), "inputs missing");
        const QString model = test::qpath(test::smollm2());
        QVERIFY2(QFileInfo::exists(model), qPrintable("missing model: " + model));
        test::Sandbox box;
        const QString export_dir = box.dir.filePath("export");
        QDir().mkpath(export_dir);

        ui::MainWindow w(*box.settings);
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.size(), QSize(1600, 1000));
        test::StallMeter ingest_stall, generation_stall;

        // ---- import a PDF through the import dialog -------------------------------------------
        QSignalSpy imported(&w, &ui::MainWindow::ingest_finished);
        ingest_stall.start();
        click(find<QWidget>(&w, "importButton"));
        answer_file_dialog("importDialog", samples[0]);
        QVERIFY(imported.wait(60000));
        QCOMPARE(imported.first().first().value<ui::IngestBatch>().added, 1);
        auto* view = find<QTableView>(&w, "libraryView");
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, 10000);
        // The other two samples (one a scan, read by OCR) dropped onto the library.
        {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(samples[1]), QUrl::fromLocalFile(samples[2])});
            const QPoint at = view->viewport()->rect().center();
            QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(view->viewport(), &enter);
            QVERIFY(enter.isAccepted());
            QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(view->viewport(), &move);
            QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            imported.clear();
            QApplication::sendEvent(view->viewport(), &drop);
            QVERIFY(imported.wait(120000));
            QCOMPARE(imported.first().first().value<ui::IngestBatch>().added, 2);
        }
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, 10000);
        const qint64 ingest_ms = ingest_stall.stop();
        // Select the annual report by clicking its row (sorted by name, it is the first).
        QVERIFY(view->model()->index(0, 0).data().toString().startsWith(QStringLiteral("northwind-annual")));
        const QRect row = view->visualRect(view->model()->index(0, 0));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, row.center());
        QTRY_COMPARE(w.library()->selected_ids().size(), 1);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, row.center());
        QTRY_VERIFY_WITH_TIMEOUT(!w.viewer()->canvas()->image().isNull(), 30000);

        // ---- load the model on the Models page --------------------------------------------------
        auto* tabs = find<QTabWidget>(&w, "mainTabs");
        click_tab(tabs, ui::MainWindow::ModelsTab);
        QSignalSpy described(w.models(), &ui::ModelManager::described_model);
        click(find<QWidget>(&w, "browseModelButton"));
        answer_file_dialog("modelFileDialog", model);
        QVERIFY(described.wait(20000));
        QSignalSpy loaded(&w, &ui::MainWindow::model_ready);
        click(find<QWidget>(&w, "loadModelButton"));
        QVERIFY(loaded.wait(60000));
        shot(&w, "models");

        // ---- ask; the answer streams in with citations ------------------------------------------
        click_tab(tabs, ui::MainWindow::ReaderTab);
        auto* question = find<QPlainTextEdit>(&w, "questionEdit");
        QTest::mouseClick(question->viewport(), Qt::LeftButton);
        QTest::keyClicks(question, QStringLiteral("What was the revenue of Northwind Components in 2025?"));
        QSignalSpy tokens(w.session()->generation(), &ui::GenerationWorker::token);
        QSignalSpy answered(&w, &ui::MainWindow::answer_finished);
        auto* answers = find<QTextBrowser>(&w, "answerView");
        int text_changes = 0;
        connect(answers->document(), &QTextDocument::contentsChanged, this, [&] { ++text_changes; });
        generation_stall.start();
        QTest::keyClick(question, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(w.generating());
        QVERIFY(answered.wait(180000));
        qint64 generation_ms = generation_stall.stop();
        QVERIFY2(!w.assistant()->answers().isEmpty(), "no answer (see the error dialog text in the log)");
        const analysis::Answer& a = w.assistant()->answers().last();
        qInfo("answer (%d tokens streamed, %d view updates, %.1f tok/s): %s", int(tokens.count()), text_changes,
              w.assistant()->last_tokens_per_second(), a.text.c_str());
        QVERIFY(tokens.count() > 0 || a.from_cache);
        QVERIFY2(!a.citations.empty(), "the answer has no citation");
        // Batched: far fewer view updates than tokens.
        QVERIFY(text_changes < tokens.count() + 10);
        shot(&w, "reader_answer");

        // ---- click the citation; the viewer shows the page with the span highlighted ----------
        QTextCursor c = answers->document()->find(QStringLiteral("[1]"));
        QTextCursor last;
        while (!c.isNull()) {  // the sources list at the end is the last "[1]"
            last = c;
            c = answers->document()->find(QStringLiteral("[1]"), c);
        }
        QVERIFY(!last.isNull());
        QVERIFY(last.charFormat().isAnchor());
        QTextCursor mid = last;
        mid.setPosition(last.selectionStart() + 1);
        answers->ensureCursorVisible();
        answers->setTextCursor(mid);
        answers->ensureCursorVisible();
        const QPoint at = answers->cursorRect(mid).center();
        QTest::mouseClick(answers->viewport(), Qt::LeftButton, {}, at);
        const analysis::Citation& cit = a.citations.front();
        QTRY_VERIFY_WITH_TIMEOUT(w.viewer()->doc_id() == cit.doc_id && w.viewer()->page() == cit.page, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.viewer()->canvas()->image().isNull(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!w.viewer()->canvas()->mark_rects().isEmpty(), 10000);
        shot(&w, "reader_citation");

        // ---- write a summary ------------------------------------------------------------------
        QSignalSpy shown(&w, &ui::MainWindow::report_shown);
        QSignalSpy written(&w, &ui::MainWindow::report_finished);
        generation_stall.start();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, row.center());
        click_tab(tabs, ui::MainWindow::ReportsTab);
        click(find<QWidget>(&w, "summaryButton"));
        QVERIFY(written.wait(280000));
        generation_ms = std::max(generation_ms, generation_stall.stop());
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 10000);
        auto* editor = find<QTextEdit>(&w, "reportEditor");
        QVERIFY(!editor->toPlainText().trimmed().isEmpty());
        QCOMPARE(w.reports()->current().version, 1);
        shot(&w, "report_draft");

        // ---- edit: add a figure no cited page shows; saved as v2 and flagged ---------------------
        QTextBlock claim = editor->document()->begin();
        while (claim.isValid() && claim.blockFormat().property(QTextFormat::UserProperty + 1).toInt() != ui::ReportDocument::Claim)
            claim = claim.next();
        QVERIFY2(claim.isValid(), "the summary has no claim to edit");
        QTextCursor end(claim);
        end.movePosition(QTextCursor::EndOfBlock);
        // Before the citation markers: at the end of the claim's own text.
        while (end.position() > claim.position() &&
               end.charFormat().property(QTextFormat::UserProperty + 4).toBool())
            end.movePosition(QTextCursor::PreviousCharacter);
        editor->setTextCursor(end);
        editor->setFocus();
        QTest::keyClicks(editor, QStringLiteral(" Net debt was 777.7 million."));
        QVERIFY(editor->document()->isModified());
        shown.clear();
        click(find<QWidget>(&w, "saveEditButton"));
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1 && w.reports()->current().version == 2, 20000);
        QVERIFY(w.reports()->current().flagged_figures() >= 1);
        const QStringList flagged = ui::ReportDocument::flagged_figures(*editor->document());
        QVERIFY2(flagged.join(' ').contains(QStringLiteral("777.7")), qPrintable(flagged.join(" | ")));
        shot(&w, "report_flagged");

        // ---- approve and export ----------------------------------------------------------------
        click(find<QWidget>(&w, "approveButton"));
        QTRY_VERIFY_WITH_TIMEOUT(w.reports()->current().status == analysis::ReportStatus::Approved, 20000);
        QSignalSpy exported(&w, &ui::MainWindow::export_finished);
        click(find<QWidget>(&w, "exportButton"));
        answer_file_dialog("exportDialog", export_dir);
        QVERIFY(exported.wait(30000));
        const QStringList files = exported.first().first().toStringList();
        bool md = false, pdf = false;
        for (const QString& f : files) {
            QVERIFY(QFileInfo(f).size() > 100);
            md |= f.endsWith(QStringLiteral(".md"));
            pdf |= f.endsWith(QStringLiteral(".pdf"));
        }
        QVERIFY(md && pdf);
        shot(&w, "report_approved");

        // ---- audit log -------------------------------------------------------------------------
        click_tab(tabs, ui::MainWindow::AuditTab);
        auto* audit = find<QAbstractItemView>(&w, "auditTable");
        QTRY_VERIFY_WITH_TIMEOUT(audit->model()->rowCount() >= 3, 10000);
        for (int r = 0; r < audit->model()->rowCount(); ++r)
            qInfo("audit: %s | %s | %s", qPrintable(audit->model()->index(r, 1).data().toString()),
                  qPrintable(audit->model()->index(r, 2).data().toString()), qPrintable(audit->model()->index(r, 3).data().toString()));
        shot(&w, "audit");

        qInfo("UI thread longest stall: ingest %lld ms, generation %lld ms", ingest_ms, generation_ms);
        QFile log(test::gui_out_dir() + "/ui_stall.txt");
        if (log.open(QIODevice::WriteOnly))
            log.write(QStringLiteral("ingest %1 ms\ngeneration %2 ms\n").arg(ingest_ms).arg(generation_ms).toUtf8());
        QVERIFY2(ingest_ms < 1000 && generation_ms < 1000, "the UI thread stalled for more than 1 s");
        QVERIFY(w.close());
    }
};

QTEST_MAIN(GuiEndToEnd)
#include "gui_end_to_end.moc"
