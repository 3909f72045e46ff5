// A clear error dialog: what is wrong (naming the file), what to do, and the raw message in
// the details. Window-modal but not blocking: it is opened, never exec()'d.
#pragma once
#include <QWidget>

#include "ui/worker_types.h"

namespace perimeter::ui {

void show_error(QWidget* parent, const ErrorInfo& error);

}  // namespace perimeter::ui
