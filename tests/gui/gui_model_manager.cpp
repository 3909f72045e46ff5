// The model manager on a real GGUF (SmolLM2-135M Q4_1): architecture, parameters,
// quantization mix, trained context and a memory estimate that follows the chosen context;
// a file that is not a GGUF is refused with a model error naming it.
#include <QLabel>
#include <QSpinBox>
#include <QTreeWidget>

#include "tests/gui/gui_test_util.h"
#include "ui/model_manager.h"

using namespace perimeter;

class GuiModelManager : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void describes_a_real_gguf() {
        const QString model = test::qpath(test::smollm2());
        QVERIFY2(QFileInfo::exists(model), qPrintable("missing model: " + model));
        ui::ModelManager m;
        m.resize(1200, 700);
        m.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m));
        QSignalSpy described(&m, &ui::ModelManager::described_model);
        m.inspect(model);
        QVERIFY(described.wait(20000));
        QVERIFY(m.described());
        const engine::ModelInfo& info = m.info();
        QCOMPARE(QString::fromStdString(info.architecture), QStringLiteral("llama"));
        QVERIFY(info.loadable);
        QVERIFY(info.n_params > 100'000'000 && info.n_params < 200'000'000);

        auto label = [&](const char* name) { return m.findChild<QLabel*>(QLatin1String(name))->text(); };
        QCOMPARE(label("modelArchitecture"), QStringLiteral("llama"));
        QVERIFY2(label("modelParameters").contains(QStringLiteral("million")), qPrintable(label("modelParameters")));
        QVERIFY2(label("modelQuantization").contains(QStringLiteral("Q4_1")), qPrintable(label("modelQuantization")));
        QVERIFY2(label("modelContext").contains(QStringLiteral("8,192")), qPrintable(label("modelContext")));
        QVERIFY(!label("modelFileSize").isEmpty());
        auto* types = m.findChild<QTreeWidget*>(QStringLiteral("quantizationTable"));
        QVERIFY(types->topLevelItemCount() >= 2);  // Q4_1 weights plus f32 norms at least
        bool has_q41 = false;
        for (int i = 0; i < types->topLevelItemCount(); ++i) has_q41 |= types->topLevelItem(i)->text(0) == QLatin1String("Q4_1");
        QVERIFY(has_q41);

        // The memory estimate follows the context length.
        auto* ctx = m.findChild<QSpinBox*>(QStringLiteral("contextSpin"));
        ctx->setValue(1024);
        const QString small = label("modelMemory");
        ctx->setValue(8192);
        const QString large = label("modelMemory");
        QVERIFY(!small.isEmpty() && small != large);
        QVERIFY(info.memory_estimate(8192) > info.memory_estimate(1024));
        QCOMPARE(m.config().context, 8192);
        QCOMPARE(QString::fromStdString(m.config().path.string()), model);
        QVERIFY(m.findChild<QWidget*>(QStringLiteral("loadModelButton"))->isEnabled());
        QVERIFY(m.grab().save(test::gui_out_dir() + "/model_manager_widget.png"));

        // Not a GGUF.
        QTemporaryDir dir;
        const QString bad = dir.filePath("not-a-model.gguf");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("GGUF but not really");
        f.close();
        QSignalSpy failed(&m, &ui::ModelManager::failed);
        m.inspect(bad);
        QVERIFY(failed.wait(10000));
        const auto e = failed.first().first().value<ui::ErrorInfo>();
        QCOMPARE(e.domain, QStringLiteral("model"));
        QVERIFY(e.file.endsWith(QStringLiteral("not-a-model.gguf")));
        QVERIFY(!m.described());
        QVERIFY(!m.findChild<QWidget*>(QStringLiteral("loadModelButton"))->isEnabled());
    }
};

QTEST_MAIN(GuiModelManager)
#include "gui_model_manager.moc"
