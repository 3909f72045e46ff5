// Settings round trip: every declared key keeps its default until set, survives a new
// Settings on the same file, the settings dialog writes what it shows, and the main window
// remembers its layout and last database.
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>

#include "tests/gui/gui_test_util.h"
#include "ui/main_window.h"
#include "ui/settings.h"
#include "ui/settings_dialog.h"

using namespace perimeter;
namespace keys = perimeter::ui::keys;

class GuiSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void typed_keys_round_trip() {
        QTemporaryDir dir;
        const QString file = dir.filePath("settings.ini");
        {
            ui::Settings s(file);
            QCOMPARE(s.get(keys::language), QStringLiteral("en"));
            QCOMPARE(s.get(keys::model_context), 4096);
            QCOMPARE(s.get(keys::model_gpu), false);
            QCOMPARE(s.get(keys::render_dpi), 110);
            QVERIFY(s.get(keys::window_state).isEmpty());
            s.set(keys::language, QStringLiteral("ru"));
            s.set(keys::model_context, 2048);
            s.set(keys::model_gpu, true);
            s.set(keys::model_path, QStringLiteral("/models/x.gguf"));
            s.set(keys::window_state, QByteArray("\x01\x02\x00\x03", 4));
            s.sync();
        }
        ui::Settings again(file);
        QCOMPARE(again.get(keys::language), QStringLiteral("ru"));
        QCOMPARE(again.get(keys::model_context), 2048);
        QCOMPARE(again.get(keys::model_gpu), true);
        QCOMPARE(again.get(keys::model_path), QStringLiteral("/models/x.gguf"));
        QCOMPARE(again.get(keys::window_state), QByteArray("\x01\x02\x00\x03", 4));
        QVERIFY(!again.user().isEmpty());
    }

    void dialog_writes_what_it_shows() {
        QTemporaryDir dir;
        ui::Settings s(dir.filePath("settings.ini"));
        ui::SettingsDialog d(s);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        auto* lang = d.findChild<QComboBox*>(QStringLiteral("languageCombo"));
        auto* user = d.findChild<QLineEdit*>(QStringLiteral("userName"));
        auto* dpi = d.findChild<QSpinBox*>(QStringLiteral("viewerDpi"));
        auto* ocr = d.findChild<QComboBox*>(QStringLiteral("ocrCombo"));
        QVERIFY(lang && user && dpi && ocr);
        lang->setCurrentIndex(lang->findData(QStringLiteral("ru")));
        user->clear();
        user->insert(QStringLiteral("Ирина Петрова"));  // as an input method would (keyClicks is ASCII only)
        dpi->setValue(144);
        ocr->setCurrentIndex(ocr->findData(QStringLiteral("never")));
        QVERIFY(d.grab().save(test::gui_out_dir() + "/settings.png"));
        QTest::mouseClick(d.findChild<QWidget*>(QStringLiteral("saveSettingsButton")), Qt::LeftButton);
        QCOMPARE(d.result(), int(QDialog::Accepted));
        ui::Settings again(s.file_name());
        QCOMPARE(again.get(keys::language), QStringLiteral("ru"));
        QCOMPARE(again.get(keys::user_name), QStringLiteral("Ирина Петрова"));
        QCOMPARE(again.user(), QStringLiteral("Ирина Петрова"));
        QCOMPARE(again.get(keys::render_dpi), 144);
        QCOMPARE(again.get(keys::ocr_mode), QStringLiteral("never"));
    }

    void window_remembers_layout_and_database() {
        test::Sandbox box;
        {
            ui::MainWindow w(*box.settings);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.tabs()->setCurrentIndex(ui::MainWindow::ModelsTab);
            w.findChild<QDockWidget*>(QStringLiteral("libraryDock"))->hide();
            QVERIFY(w.close());
        }
        QVERIFY(!box.settings->get(keys::window_geometry).isEmpty());
        QVERIFY(!box.settings->get(keys::window_state).isEmpty());
        QCOMPARE(box.settings->get(keys::database), box.db);
        QVERIFY(QFileInfo::exists(box.db));
        ui::MainWindow again(*box.settings);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.tabs()->currentIndex(), int(ui::MainWindow::ModelsTab));
        QVERIFY(!again.findChild<QDockWidget*>(QStringLiteral("libraryDock"))->isVisible());
        QVERIFY(again.close());
    }
};

QTEST_MAIN(GuiSettings)
#include "gui_settings.moc"
