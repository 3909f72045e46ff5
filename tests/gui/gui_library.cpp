// The library panel and its model on real data: three sample PDFs (one a scan) imported
// through the real MainWindow and ingest worker into a real SQLite file; columns, roles,
// progress, the OCR flag, filtering by typing, and a file that is not a PDF failing with a
// translated, file-naming error.
#include <QComboBox>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>

#include "docs-ingest/store.h"
#include "tests/gui/gui_test_util.h"
#include "ui/library_model.h"
#include "ui/library_panel.h"
#include "ui/main_window.h"

using namespace perimeter;
using perimeter::ui::LibraryModel;

class GuiLibrary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void imports_real_pdfs_and_shows_them() {
        const QStringList samples = test::sample_pdfs();
        QVERIFY2(test::inputs_present(samples), "inputs missing");
        test::Sandbox box;
        // A file that pretends to be a PDF.
        const QString fake = box.dir.filePath("quarterly-results.pdf");
        {
            QFile f(fake);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not a PDF at all, just text with a .pdf name\n");
        }
        ui::MainWindow w(*box.settings);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        LibraryModel* model = w.library_model();
        QCOMPARE(model->columnCount(), int(LibraryModel::ColumnCount));
        QCOMPARE(model->headerData(LibraryModel::Name, Qt::Horizontal).toString(), QStringLiteral("Document"));
        QCOMPARE(model->headerData(LibraryModel::Pages, Qt::Horizontal).toString(), QStringLiteral("Pages"));

        // Progress seen while the documents are read.
        double max_progress = -1;
        int progress_updates = 0;
        connect(model, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& a, const QModelIndex&) {
            const double p = model->index(a.row(), 0).data(LibraryModel::ProgressRole).toDouble();
            if (p >= 0) {
                ++progress_updates;
                max_progress = std::max(max_progress, p);
            }
        });
        QSignalSpy finished(&w, &ui::MainWindow::ingest_finished);
        QSignalSpy reloaded(&w, &ui::MainWindow::documents_reloaded);
        QSignalSpy errors(&w, &ui::MainWindow::error_shown);
        w.import_paths(samples + QStringList{fake});
        QVERIFY(w.ingesting());
        QVERIFY(finished.wait(120000));
        const auto batch = finished.first().first().value<ui::IngestBatch>();
        QCOMPARE(batch.added, 3);
        QCOMPARE(batch.failed, 1);
        // start-up + after the batch (generous: under a loaded CI machine the store thread can lag)
        QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() >= 2, 60000);
        QVERIFY(progress_updates > 0);
        QVERIFY(max_progress >= 0.0 && max_progress <= 1.0);

        QCOMPARE(model->rowCount(), 4);
        int ready = 0, ocr = 0;
        for (int r = 0; r < model->rowCount(); ++r) {
            const QModelIndex i = model->index(r, LibraryModel::Name);
            const QString name = i.data().toString();
            const auto status = ingest::DocStatus(i.data(LibraryModel::StatusRole).toInt());
            if (name == QLatin1String("quarterly-results.pdf")) {
                QCOMPARE(status, ingest::DocStatus::Failed);
                QCOMPARE(i.data(LibraryModel::ErrorCodeRole).toString(), QStringLiteral("not_pdf"));
                QVERIFY(model->index(r, LibraryModel::Status).data().toString().startsWith(QStringLiteral("Failed")));
                QVERIFY(i.data(Qt::ToolTipRole).toString().contains(QStringLiteral("quarterly-results.pdf")));
                continue;
            }
            QCOMPARE(status, ingest::DocStatus::Ready);
            ++ready;
            QVERIFY(i.data(LibraryModel::DocIdRole).toLongLong() > 0);
            QVERIFY(model->index(r, LibraryModel::Pages).data(LibraryModel::SortRole).toInt() >= 1);
            QCOMPARE(i.data(LibraryModel::ProgressRole).toDouble(), -1.0);
            if (i.data(LibraryModel::OcrRole).toBool()) {
                ++ocr;
                QVERIFY(name.contains(QStringLiteral("scan")));
                QCOMPARE(model->index(r, LibraryModel::Source).data().toString(), QStringLiteral("Scan (OCR)"));
            }
        }
        QCOMPARE(ready, 3);
        QCOMPARE(ocr, 1);
        // The failure was reported with the file's name and what to do.
        QVERIFY(errors.count() >= 1);
        const auto err = errors.first().first().value<ui::ErrorInfo>();
        QCOMPARE(err.code, QStringLiteral("not_pdf"));
        QVERIFY(err.file.endsWith(QStringLiteral("quarterly-results.pdf")));

        // Typing in the filter box narrows the view.
        auto* search = w.findChild<QLineEdit*>(QStringLiteral("librarySearch"));
        auto* view = w.findChild<QTableView*>(QStringLiteral("libraryView"));
        QVERIFY(search && view);
        QCOMPARE(view->model()->rowCount(), 4);
        QTest::keyClicks(search, QStringLiteral("volga"));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        QVERIFY(view->model()->index(0, 0).data().toString().startsWith(QStringLiteral("volga")));
        search->clear();
        QTRY_COMPARE(view->model()->rowCount(), 4);

        // Selecting rows gives the ready documents' ids.
        view->selectAll();
        QCOMPARE(w.library()->selected_ids().size(), 3);

        // Re-importing the same files changes nothing.
        finished.clear();
        w.import_paths({samples.first()});
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().value<ui::IngestBatch>().unchanged, 1);

        // A new collection: the next import joins it, and the filter shows just that document.
        const QString copy = box.dir.filePath("northwind-q3-copy.pdf");
        QVERIFY(QFile::copy(samples[0], copy));
        {
            QFile f(copy);
            QVERIFY(f.open(QIODevice::Append));
            f.write("\n% another version\n");
        }
        w.library()->add_collection(QStringLiteral("Q3 filings"));
        auto* collections = w.findChild<QComboBox*>(QStringLiteral("collectionFilter"));
        QCOMPARE(collections->currentData().toString(), QStringLiteral("Q3 filings"));
        QCOMPARE(view->model()->rowCount(), 0);
        finished.clear();
        w.import_paths({copy});
        QVERIFY(finished.wait(60000));
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, 10000);
        QCOMPARE(view->model()->index(0, 0).data(LibraryModel::CollectionsRole).toStringList(), QStringList{"Q3 filings"});
        collections->setCurrentIndex(0);  // all documents
        QTRY_COMPARE(view->model()->rowCount(), 5);

        QVERIFY(w.grab().save(test::gui_out_dir() + "/library.png"));
        QVERIFY(w.close());
        // The store on disk agrees with the view.
        ingest::Store store(box.db.toStdString());
        QCOMPARE(store.check_integrity(), std::string("ok"));
        QCOMPARE(store.counts().documents, 5);
    }
};

QTEST_MAIN(GuiLibrary)
#include "gui_library.moc"
