// The document viewer on real pages: pages drawn by the perimeter-render helper through the
// render worker, cached, zoomed; a cited span highlighted with the stored word boxes (on a
// text PDF and on an OCR'd scan); a chunk citation located by the store worker; search within
// the document; a missing file reported as a render error naming the file.
#include <QAction>
#include <QLineEdit>

#include "docs-ingest/store.h"
#include "tests/gui/gui_test_util.h"
#include "ui/document_viewer.h"
#include "ui/library_model.h"
#include "ui/library_panel.h"
#include "ui/main_window.h"
#include "ui/page_canvas.h"
#include "ui/page_highlight.h"
#include "ui/session.h"
#include "ui/store_worker.h"

using namespace perimeter;

namespace {
qint64 doc_named(ui::LibraryModel* m, const QString& prefix) {
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, 0).data().toString().startsWith(prefix)) return m->index(r, 0).data(ui::LibraryModel::DocIdRole).toLongLong();
    return 0;
}
}  // namespace

class GuiViewer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void span_rects_merge_a_line() {
        QVector<ingest::WordBox> words = {{10, 100, 30, 10, 0, 5}, {42, 100, 20, 10, 6, 9}, {10, 120, 25, 10, 10, 14}};
        const QVector<QRectF> one_line = ui::span_rects(words, 0, 9);
        QCOMPARE(one_line.size(), 1);
        QCOMPARE(one_line[0], QRectF(10, 100, 52, 10));
        QCOMPARE(ui::span_rects(words, 3, 12).size(), 2);  // two lines
        QVERIFY(ui::span_rects(words, 20, 30).isEmpty());
        QCOMPARE(ui::utf8_offset(QStringLiteral("Выручка 5"), 8), 15);  // 7 Cyrillic letters = 14 bytes
    }

    void renders_highlights_and_finds() {
        const QStringList samples = test::sample_pdfs();
        QVERIFY2(test::inputs_present(samples), "inputs missing");
        test::Sandbox box;
        // A copy we can take away later, to see a render error.
        const QString doomed = box.dir.filePath("volga-copy.pdf");
        QVERIFY(QFile::copy(samples[2], doomed));
        {  // different bytes, so it is a document of its own rather than a duplicate
            QFile f(doomed);
            QVERIFY(f.open(QIODevice::Append));
            f.write("\n% a copy for the viewer test\n");
        }
        const auto summary = test::ingest_now(box.db, samples + QStringList{doomed});
        QVERIFY(summary.ok());

        ui::MainWindow w(*box.settings);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE_WITH_TIMEOUT(w.library_model()->rowCount(), 4, 10000);
        const qint64 annual = doc_named(w.library_model(), QStringLiteral("northwind-annual"));
        const qint64 scan = doc_named(w.library_model(), QStringLiteral("northwind-q3"));
        const qint64 copy = doc_named(w.library_model(), QStringLiteral("volga-copy"));
        QVERIFY(annual && scan && copy);

        ui::DocumentViewer* v = w.viewer();
        ui::PageCanvas* canvas = v->canvas();
        v->open_document(annual);
        QTRY_VERIFY_WITH_TIMEOUT(v->doc_id() == annual && !canvas->image().isNull(), 30000);
        QVERIFY(v->page_count() >= 1);
        // Drawn at the resolution the fitted width needs (not a scaled-up early image).
        QTRY_VERIFY_WITH_TIMEOUT(canvas->image().width() >= canvas->width() * 0.9, 20000);
        QVERIFY2(canvas->image().width() > 300, qPrintable(QStringLiteral("image %1x%2, canvas %3x%4, viewer %5, window %6, dock %7").arg(canvas->image().width()).arg(canvas->image().height()).arg(canvas->width()).arg(canvas->height()).arg(v->width()).arg(w.width()).arg(w.library()->width())));
        // A rendered page is mostly white with dark text.
        const QImage img = canvas->image();
        int dark = 0;
        for (int y = 0; y < img.height(); y += 4)
            for (int x = 0; x < img.width(); x += 4) dark += qGray(img.pixel(x, y)) < 100 ? 1 : 0;
        QVERIFY2(dark > 100, "the page image has no text on it");

        // Highlight a span of page 1 taken from the stored text.
        ingest::Store store(box.db.toStdString());
        const auto pages = store.pages(annual);
        const std::string& text = pages[0].text;
        const size_t at = text.find("Revenue grew by 9.6%");
        QVERIFY(at != std::string::npos);
        ui::CitationTarget t;
        t.doc_id = annual;
        t.page = 1;
        t.start = int(at);
        t.end = int(at + 20);
        v->show_target(t);
        QTRY_VERIFY(!canvas->mark_rects().isEmpty());
        const QRect mark = canvas->mark_rects().first();
        QVERIFY(canvas->rect().contains(mark.center()));
        QVERIFY(mark.width() > 40);
        // The sentence sits below the table, in the lower half of the text block.
        QVERIFY(mark.center().y() > canvas->height() / 3);
        QVERIFY(w.grab().save(test::gui_out_dir() + "/viewer.png"));

        // A citation that names only a chunk: the store worker finds its page and span.
        const auto chunks = store.chunks(scan);
        QVERIFY(!chunks.empty());
        ui::CitationTarget c;
        c.doc_id = scan;
        c.chunk_id = chunks.front().id;
        ui::post(w.session()->store(), [s = w.session()->store(), c] { s->locate(c); });
        QTRY_VERIFY_WITH_TIMEOUT(v->doc_id() == scan && !canvas->image().isNull() && !canvas->mark_rects().isEmpty(), 30000);
        QCOMPARE(v->page(), chunks.front().page);

        // Search within the document by typing.
        v->open_document(annual);
        QTRY_VERIFY_WITH_TIMEOUT(v->doc_id() == annual, 10000);
        auto* find = w.findChild<QLineEdit*>(QStringLiteral("findInDocument"));
        QVERIFY(find);
        QTest::keyClicks(find, QStringLiteral("operating margin"));
        QTest::keyClick(find, Qt::Key_Return);
        QTRY_VERIFY(v->find_hits() >= 2);
        QTRY_VERIFY(!canvas->mark_rects().isEmpty());

        // Zoom: a larger page, drawn again at a higher resolution.
        const int width_before = canvas->width();
        const int image_before = canvas->image().width();
        w.findChild<QAction*>(QStringLiteral("actionZoomIn"))->trigger();
        QVERIFY(canvas->width() > width_before);
        QTRY_VERIFY_WITH_TIMEOUT(canvas->image().width() > image_before, 20000);

        // The file vanished: the viewer says which file cannot be drawn.
        QSignalSpy errors(&w, &ui::MainWindow::error_shown);
        QVERIFY(QFile::remove(doomed));
        v->open_document(copy);
        QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, 20000);
        const auto e = errors.first().first().value<ui::ErrorInfo>();
        QCOMPARE(e.domain, QStringLiteral("render"));
        QVERIFY(e.file.endsWith(QStringLiteral("volga-copy.pdf")));
        QVERIFY(w.close());
    }
};

QTEST_MAIN(GuiViewer)
#include "gui_viewer.moc"
