// The prompt editor in the real main window, on a real library file: the shipped prompts are
// listed with their versions; an edit is saved as a new version (in SQLite, in the audit log,
// with the analyst's name); an edit that drops a placeholder the program fills is refused with
// the named error and the text stays in the editor; an older version can be restored.
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include "app/analysis/audit_log.h"
#include "app/analysis/prompt_library.h"
#include "docs-ingest/store.h"
#include "tests/gui/gui_test_util.h"
#include "ui/main_window.h"
#include "ui/prompts_view.h"

using namespace perimeter;

class GuiPrompts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void edit_save_refuse_restore() {
        test::Sandbox box;
        ui::MainWindow w(*box.settings);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.tabs()->setCurrentIndex(ui::MainWindow::PromptsTab);
        ui::PromptsView* view = w.prompts();
        QTRY_COMPARE_WITH_TIMEOUT(view->prompt_count(), 14, 10000);  // 7 prompts x English, Russian

        QVERIFY(view->select(QStringLiteral("ask.user"), QStringLiteral("en")));
        QVERIFY(view->editor()->toPlainText().contains(QStringLiteral("{sources}")));
        auto* placeholders = view->findChild<QLabel*>(QStringLiteral("promptPlaceholders"));
        QVERIFY(placeholders);
        QCOMPARE(placeholders->text(), QStringLiteral("{sources}, {question}"));
        QVERIFY(!view->save_button()->isEnabled());  // nothing changed yet

        // An edit that keeps the placeholders: saved as version 2.
        const QString edited = view->editor()->toPlainText() + QStringLiteral("\nQuote the figures exactly.");
        view->editor()->setPlainText(edited);
        QVERIFY(view->save_button()->isEnabled());
        QTest::mouseClick(view->save_button(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view->versions()->count(), 2, 10000);
        QCOMPARE(view->versions()->currentIndex(), 0);
        QCOMPARE(view->editor()->toPlainText(), edited);
        auto* status = view->findChild<QLabel*>(QStringLiteral("promptStatus"));
        QVERIFY(status->text().contains(QStringLiteral("version 2")));
        QVERIFY(!view->save_button()->isEnabled());

        // An edit without {sources}: the named error, nothing stored, the text kept.
        QSignalSpy errors(&w, &ui::MainWindow::error_shown);
        const QString broken = QStringLiteral("Answer the question: {question}");
        view->editor()->setPlainText(broken);
        QTest::mouseClick(view->save_button(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 10000);
        const auto err = errors.at(0).at(0).value<ui::ErrorInfo>();
        QCOMPARE(err.code, QStringLiteral("invalid_prompt"));
        QVERIFY(err.params.contains(QStringLiteral("{sources}")));
        QTRY_VERIFY(!view->save_pending());
        QCOMPARE(view->editor()->toPlainText(), broken);
        QCOMPARE(view->versions()->count(), 2);
        auto* dialog = w.findChild<QMessageBox*>(QStringLiteral("errorDialog"));
        QVERIFY(dialog);
        QVERIFY(dialog->text().contains(QStringLiteral("{sources}")));
        dialog->close();

        // Restore the shipped version: version 3 with version 1's text.
        view->versions()->setCurrentIndex(1);
        QVERIFY(!view->editor()->toPlainText().contains(QStringLiteral("Quote the figures")));
        QVERIFY(view->save_button()->isEnabled());  // "Restore this version"
        const QString shipped = view->editor()->toPlainText();
        QTest::mouseClick(view->save_button(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view->versions()->count(), 3, 10000);
        QCOMPARE(view->editor()->toPlainText(), shipped);

        // What the store holds: three versions, the newest the shipped text, two audited edits by the analyst.
        w.close();
        ingest::Store store(box.db.toStdString());
        analysis::PromptLibrary lib(store.db(), test::source_dir() / "resources" / "prompts");
        const auto history = lib.history("ask.user", "en");
        QCOMPARE(int(history.size()), 3);
        QCOMPARE(QString::fromStdString(history[0].text), shipped);
        QCOMPARE(QString::fromStdString(history[1].text), edited);
        int edits = 0;
        for (const auto& e : analysis::AuditLog(store.db()).entries())
            if (e.action == "edit" && e.subject.rfind("prompt ask.user/en", 0) == 0) {
                ++edits;
                QCOMPARE(QString::fromStdString(e.actor), QStringLiteral("Test Analyst"));
            }
        QCOMPARE(edits, 2);
        QVERIFY(w.grab().save(test::gui_out_dir() + "/prompts.png"));
    }
};

QTEST_MAIN(GuiPrompts)
#include "gui_prompts.moc"
