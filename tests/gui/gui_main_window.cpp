// The main window opens and closes cleanly offscreen, and a screenshot is saved.
#include <QApplication>
#include <QDir>
#include <QPixmap>
#include <QTabWidget>
#include <QtTest>

#include "tests/common/test_env.h"
#include "ui/main_window.h"

class GuiMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void opens_and_closes() {
        perimeter::ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* tabs = w.findChild<QTabWidget*>("mainTabs");
        QVERIFY(tabs != nullptr);
        QVERIFY(tabs->count() >= 1);
        QCOMPARE(w.size(), QSize(1600, 1000));
        const QString out = QString::fromStdString((perimeter::test::out_dir() / "gui").string());
        QDir().mkpath(out);
        const QString file = out + "/main_window.png";
        QVERIFY(w.grab().save(file));
        QVERIFY(QFileInfo(file).size() > 1000);
        QVERIFY(w.close());
        QVERIFY(!w.isVisible());
    }
};

QTEST_MAIN(GuiMainWindow)
#include "gui_main_window.moc"
