#include "ui/worker_types.h"

namespace perimeter::ui {

void register_worker_types() {
    qRegisterMetaType<DocumentRow>();
    qRegisterMetaType<QVector<DocumentRow>>();
    qRegisterMetaType<DocumentPages>();
    qRegisterMetaType<IngestEvent>();
    qRegisterMetaType<IngestBatch>();
    qRegisterMetaType<ErrorInfo>();
    qRegisterMetaType<CitationTarget>();
    qRegisterMetaType<ReportBundle>();
    qRegisterMetaType<QVector<analysis::ReportSummary>>();
    qRegisterMetaType<QVector<analysis::AuditEntry>>();
    qRegisterMetaType<QVector<analysis::Prompt>>();
    qRegisterMetaType<analysis::Prompt>();
    qRegisterMetaType<analysis::Answer>();
    qRegisterMetaType<analysis::Report>();
    qRegisterMetaType<analysis::Citation>();
    qRegisterMetaType<analysis::ModelConfig>();
}

}  // namespace perimeter::ui
