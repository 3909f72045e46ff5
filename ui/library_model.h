// The library's documents as an item model: one row per document, a Column enum for the
// view and custom roles for the panel and tests. It changes only in its slots, which are fed
// by the store and ingest workers' signals on the UI thread.
#pragma once
#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

#include "ui/worker_types.h"

namespace perimeter::ui {

class LibraryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Status, Pages, Source, Collection, Added, Size, ColumnCount };
    enum Role {
        DocIdRole = Qt::UserRole + 1,  // qint64 (0 while only queued in this session)
        PathRole,                      // QString
        StatusRole,                    // int (ingest::DocStatus)
        ProgressRole,                  // double 0..1 while ingesting, -1 otherwise
        ErrorCodeRole,                 // QString ("" when none)
        ErrorMessageRole,              // QString (English, for details)
        OcrRole,                       // bool: some pages were read by OCR
        CollectionsRole,               // QStringList
        SortRole,                      // a value that sorts naturally for the column
    };

    explicit LibraryModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QStringList mimeTypes() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

    const DocumentRow* row_at(int row) const;
    int row_of(qint64 doc_id) const;
    int busy_count() const;
    QStringList collections() const { return collections_; }

    // Localised texts shared with the panel's tooltips.
    static QString status_text(const DocumentRow& d);
    // After a language change: headers and texts again.
    void retranslate();

public Q_SLOTS:
    void set_documents(const QVector<perimeter::ui::DocumentRow>& rows, const QStringList& collections);
    void apply_event(const perimeter::ui::IngestEvent& e);

Q_SIGNALS:
    void files_dropped(const QStringList& paths);

private:
    QString tooltip(const DocumentRow& d) const;
    int find_row(const IngestEvent& e) const;
    QVector<DocumentRow> rows_;
    QStringList collections_;
};

}  // namespace perimeter::ui
