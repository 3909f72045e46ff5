// The Russian UI: switch the real main window to Russian (live) and walk every widget of the
// main screens, the menus, actions, tab titles, headers, tooltips, placeholders, accessible
// names, the settings dialog and the translated error texts, and find no Latin-script word
// outside file names, paths and the allowed names and units (GGUF, PDF, Markdown, CPU/GPU,
// tok/s, dpi, key names).
#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTextDocumentFragment>

#include "tests/gui/gui_test_util.h"
#include "ui/error_text.h"
#include "ui/library_model.h"
#include "ui/document_viewer.h"
#include "ui/main_window.h"
#include "ui/page_canvas.h"
#include "ui/settings_dialog.h"

using namespace perimeter;

namespace {

const QSet<QString>& allowed_words() {
    static const QSet<QString> words = {
        QStringLiteral("GGUF"), QStringLiteral("PDF"), QStringLiteral("Markdown"), QStringLiteral("CPU"),
        QStringLiteral("GPU"), QStringLiteral("tok"), QStringLiteral("dpi"), QStringLiteral("MB"), QStringLiteral("KB"),
        QStringLiteral("GB"), QStringLiteral("MiB"), QStringLiteral("GiB"), QStringLiteral("KiB"), QStringLiteral("PNG"),
        QStringLiteral("JPEG"), QStringLiteral("TIFF"), QStringLiteral("Perimeter"),
        // key names in shortcuts
        QStringLiteral("Ctrl"), QStringLiteral("Shift"), QStringLiteral("Alt"), QStringLiteral("Enter"),
        QStringLiteral("Return"), QStringLiteral("Esc"), QStringLiteral("Del"), QStringLiteral("PgUp"),
        QStringLiteral("PgDown"), QStringLiteral("Ins"), QStringLiteral("Home"), QStringLiteral("End")};
    return words;
}

// Latin words left after removing file names, paths and allowed words.
QStringList latin_words(QString text) {
    static const QRegularExpression file(QStringLiteral("\\S*\\.(pdf|sqlite|gguf|png|jpg|md|db|ini)\\b"),
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression path(QStringLiteral("(^|\\s)/\\S+"));
    static const QRegularExpression tool(QStringLiteral("perimeter-[a-z]+"));
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    text.remove(file).remove(path).remove(tool);
    QStringList bad;
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const QString w = it.next().captured(0);
        if (!allowed_words().contains(w)) bad << w;
    }
    return bad;
}

struct Walker {
    QStringList problems;
    int checked = 0;
    void check(const QString& where, const QString& raw) {
        if (raw.isEmpty()) return;
        const QString text = Qt::mightBeRichText(raw) ? QTextDocumentFragment::fromHtml(raw).toPlainText() : raw;
        ++checked;
        const QStringList bad = latin_words(text);
        if (!bad.isEmpty()) problems << QStringLiteral("%1: \"%2\" (%3)").arg(where, text.left(120), bad.join(QLatin1Char(',')));
    }
    void check_action(const QString& where, QAction* a) {
        if (a->isSeparator()) return;
        check(where + "/text", a->text());
        check(where + "/toolTip", a->toolTip());
        check(where + "/statusTip", a->statusTip());
        if (a->menu()) walk_menu(a->menu());
    }
    void walk_menu(QMenu* m) {
        check(m->objectName() + "/title", m->title());
        for (QAction* a : m->actions()) check_action(m->objectName() + "/" + a->objectName(), a);
    }
    void walk_header(const QString& where, QAbstractItemModel* model, Qt::Orientation o) {
        if (!model) return;
        const int n = o == Qt::Horizontal ? model->columnCount() : model->rowCount();
        for (int i = 0; i < n; ++i) check(where + "/header", model->headerData(i, o).toString());
    }
    void walk(QWidget* root) {
        QList<QWidget*> all = root->findChildren<QWidget*>();
        all.prepend(root);
        for (QWidget* w : all) {
            if (!w->isVisibleTo(root) && w != root) continue;
            const QString where = QStringLiteral("%1(%2)").arg(w->metaObject()->className(), w->objectName());
            check(where + "/toolTip", w->toolTip());
            check(where + "/accessibleName", w->accessibleName());
            check(where + "/statusTip", w->statusTip());
            check(where + "/whatsThis", w->whatsThis());
            if (w->isWindow()) check(where + "/windowTitle", w->windowTitle());
            if (auto* l = qobject_cast<QLabel*>(w)) {
                // Labels that show data: names and model facts read from files.
                static const QStringList data_labels = {"viewerTitle", "databaseLabel", "modelName", "modelArchitecture", "promptPlaceholders",
                                                        "modelQuantization", "embeddingInfo"};
                if (!data_labels.contains(l->objectName())) check(where + "/text", l->text());
            }
            if (auto* b = qobject_cast<QAbstractButton*>(w)) check(where + "/text", b->text());
            if (auto* g = qobject_cast<QGroupBox*>(w)) check(where + "/title", g->title());
            if (auto* e = qobject_cast<QLineEdit*>(w)) check(where + "/placeholder", e->placeholderText());
            if (auto* e = qobject_cast<QPlainTextEdit*>(w)) check(where + "/placeholder", e->placeholderText());
            if (auto* s = qobject_cast<QSpinBox*>(w)) {
                check(where + "/suffix", s->suffix());
                check(where + "/special", s->specialValueText());
            }
            if (auto* c = qobject_cast<QComboBox*>(w)) {
                const int n = c->objectName() == QLatin1String("collectionFilter") ? std::min(1, c->count()) : c->count();
                for (int i = 0; i < n; ++i) check(where + "/item", c->itemText(i));
            }
            if (auto* t = qobject_cast<QTabWidget*>(w))
                for (int i = 0; i < t->count(); ++i) {
                    check(where + "/tab", t->tabText(i));
                    check(where + "/tabToolTip", t->tabToolTip(i));
                }
            if (auto* v = qobject_cast<QAbstractItemView*>(w)) walk_header(where, v->model(), Qt::Horizontal);
            if (auto* d = qobject_cast<QDockWidget*>(w)) check(where + "/title", d->windowTitle());
            if (auto* tb = qobject_cast<QTextBrowser*>(w)) check(where + "/text", tb->toPlainText());  // the hint
        }
    }
};

}  // namespace

class GuiRussian : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void every_visible_text_is_russian() {
        const QStringList samples = test::sample_pdfs();
        QVERIFY2(test::inputs_present(samples), "inputs missing");
        test::Sandbox box;
        QVERIFY(test::ingest_now(box.db, samples).ok());
        ui::MainWindow w(*box.settings);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTRY_COMPARE_WITH_TIMEOUT(w.library_model()->rowCount(), 3, 10000);
        QCOMPARE(w.tabs()->tabText(0), QStringLiteral("Read and Ask"));

        w.set_language(QStringLiteral("ru"));
        QCOMPARE(w.translator().language(), QStringLiteral("ru"));
        // The switch is live: LanguageChange reaches the widgets through the event loop.
        QTRY_COMPARE(w.tabs()->tabText(0), QStringLiteral("Чтение и вопросы"));
        QCOMPARE(w.library_model()->headerData(ui::LibraryModel::Name, Qt::Horizontal).toString(), QStringLiteral("Документ"));

        // A document open in the viewer, so the screens show real content.
        const qint64 doc = w.library_model()->index(0, 0).data(ui::LibraryModel::DocIdRole).toLongLong();
        w.viewer()->open_document(doc);
        QTRY_VERIFY_WITH_TIMEOUT(!w.viewer()->canvas()->image().isNull(), 30000);

        Walker walker;
        for (int t = 0; t < w.tabs()->count(); ++t) {
            w.tabs()->setCurrentIndex(t);
            QTest::qWait(50);
            walker.walk(&w);
            const QString names[] = {"reader", "reports", "prompts", "models", "audit"};
            QVERIFY(w.grab().save(test::gui_out_dir() + "/ru_" + names[t] + ".png"));
        }
        for (QAction* a : w.menuBar()->actions()) walker.check_action(QStringLiteral("menubar"), a);
        // Status texts of the library's rows (not the file names).
        for (int r = 0; r < w.library_model()->rowCount(); ++r) {
            walker.check(QStringLiteral("library/status"), w.library_model()->index(r, ui::LibraryModel::Status).data().toString());
            walker.check(QStringLiteral("library/source"), w.library_model()->index(r, ui::LibraryModel::Source).data().toString());
            QString tip = w.library_model()->index(r, 0).data(Qt::ToolTipRole).toString();
            // The tooltip starts with the file name and ends with its path; check the rest.
            QStringList lines = tip.split(QLatin1Char('\n'));
            lines.removeFirst();
            lines.removeLast();
            for (const QString& l : lines) walker.check(QStringLiteral("library/tooltip"), l.section(QLatin1Char(':'), 0, 0));
        }

        // The settings dialog.
        ui::SettingsDialog dlg(w.settings(), &w);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        walker.walk(&dlg);
        QVERIFY(dlg.grab().save(test::gui_out_dir() + "/ru_settings.png"));
        dlg.reject();

        // Every error text the layers can produce.
        const QStringList ingest_codes = {"unreadable", "not_pdf", "corrupt", "encrypted", "no_pages", "page_too_large",
                                          "parser_crashed", "timeout", "cancelled", "ocr_failed", "internal",
                                          "disk_full", "store_error"};
        for (const QString& c : ingest_codes) {
            walker.check("ingest/" + c, ui::ErrorText::short_reason(c));
            const auto t = ui::ErrorText::describe(ui::ErrorInfo{"ingest", c, {}, "", "/data/report.pdf"});
            walker.check("ingest/" + c, t.title + " " + t.what + " " + t.todo);
        }
        const QStringList analysis_codes = {"no_documents", "unknown_document", "no_model", "model_load", "context_too_small",
                                            "empty_retrieval", "cancelled", "invalid_output", "store", "export", "not_found"};
        for (const QString& c : analysis_codes) {
            const auto t = ui::ErrorText::describe(ui::ErrorInfo{"analysis", c, {"report.pdf", "1200"}, "", ""});
            walker.check("analysis/" + c, t.title + " " + t.what + " " + t.todo);
        }
        for (const char* d : {"render", "store", "model", "internal"})
            for (const char* c : {"timeout", "no_helper", "page_too_large", "no_page", "corrupt", "disk_full", "x"}) {
                const auto t = ui::ErrorText::describe(ui::ErrorInfo{d, c, {"3"}, "", "/data/report.pdf"});
                walker.check(QStringLiteral("%1/%2").arg(QLatin1String(d), QLatin1String(c)), t.title + " " + t.what + " " + t.todo);
            }

        qInfo("checked %d texts", walker.checked);
        QVERIFY(walker.checked > 200);
        if (!walker.problems.isEmpty()) {
            for (const QString& p : walker.problems) qWarning("%s", qPrintable(p));
            QFAIL(qPrintable(QStringLiteral("%1 texts with Latin words in the Russian UI").arg(walker.problems.size())));
        }

        // And back to English, live.
        w.set_language(QStringLiteral("en"));
        QTRY_COMPARE(w.tabs()->tabText(0), QStringLiteral("Read and Ask"));
        QVERIFY(w.close());
    }
};

QTEST_MAIN(GuiRussian)
#include "gui_russian.moc"
