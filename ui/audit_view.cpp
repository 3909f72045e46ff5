#include "ui/audit_view.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace perimeter::ui {

AuditView::AuditView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("auditView"));
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("auditTitle"));
    QFont f = title_->font();
    f.setBold(true);
    title_->setFont(f);
    refresh_ = new QPushButton(this);
    refresh_->setObjectName(QStringLiteral("auditRefreshButton"));
    table_ = new QTreeWidget(this);
    table_->setObjectName(QStringLiteral("auditTable"));
    table_->setRootIsDecorated(false);
    table_->setAlternatingRowColors(true);
    table_->setColumnCount(5);
    table_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->header()->setStretchLastSection(true);
    auto* head = new QHBoxLayout;
    head->addWidget(title_);
    head->addStretch(1);
    head->addWidget(refresh_);
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(12, 12, 12, 12);
    lay->addLayout(head);
    lay->addWidget(table_, 1);
    connect(refresh_, &QPushButton::clicked, this, &AuditView::refresh_requested);
    retranslate();
}

int AuditView::entry_count() const { return table_->topLevelItemCount(); }

QString AuditView::action_name(const QString& a) {
    if (a == QLatin1String("generate")) return tr("Generated");
    if (a == QLatin1String("edit")) return tr("Edited");
    if (a == QLatin1String("review")) return tr("Reviewed");
    if (a == QLatin1String("approve")) return tr("Approved");
    if (a == QLatin1String("export")) return tr("Exported");
    if (a == QLatin1String("ask")) return tr("Asked");
    if (a == QLatin1String("delete")) return tr("Deleted");
    if (a == QLatin1String("status")) return tr("Status changed");
    return a;
}

QString AuditView::subject_text(const QString& s) {
    static const QRegularExpression report(QStringLiteral("^report (\\d+)(?: v(\\d+))?$"));
    static const QRegularExpression document(QStringLiteral("^document (\\d+)$"));
    static const QRegularExpression thread(QStringLiteral("^thread (\\d+)$"));
    if (auto m = report.match(s); m.hasMatch())
        return m.captured(2).isEmpty() ? tr("report %1").arg(m.captured(1))
                                       : tr("report %1, version %2").arg(m.captured(1), m.captured(2));
    if (auto m = document.match(s); m.hasMatch()) return tr("document %1").arg(m.captured(1));
    if (auto m = thread.match(s); m.hasMatch()) return tr("conversation %1").arg(m.captured(1));
    return s;
}

void AuditView::on_audit_loaded(const QVector<analysis::AuditEntry>& entries) {
    entries_ = entries;
    table_->clear();
    const QLocale loc;
    for (const analysis::AuditEntry& e : entries) {
        auto* item = new QTreeWidgetItem(table_);
        const QDateTime t = QDateTime::fromString(QString::fromStdString(e.at), Qt::ISODateWithMs);
        item->setText(0, t.isValid() ? loc.toString(t.toLocalTime(), QLocale::ShortFormat) : QString::fromStdString(e.at));
        item->setText(1, e.actor == "model" ? tr("model") : QString::fromStdString(e.actor));
        item->setText(2, action_name(QString::fromStdString(e.action)));
        item->setText(3, subject_text(QString::fromStdString(e.subject)));
        item->setText(4, QString::fromStdString(e.details));
        item->setToolTip(4, QString::fromStdString(e.details));
    }
}

void AuditView::retranslate() {
    title_->setText(tr("Audit log"));
    refresh_->setText(tr("Refresh"));
    refresh_->setAccessibleName(tr("Refresh the audit log"));
    table_->setHeaderLabels({tr("When"), tr("Who"), tr("Action"), tr("Subject"), tr("Details")});
    table_->setAccessibleName(tr("Audit log"));
    on_audit_loaded(entries_);
}

void AuditView::changeEvent(QEvent* e) {
    if (e->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(e);
}

}  // namespace perimeter::ui
