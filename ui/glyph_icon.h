// Small monochrome icons drawn from a text glyph ("+", "−", "↔"), so the toolbar needs no
// image files and follows the palette.
#pragma once
#include <QIcon>
#include <QString>

namespace perimeter::ui {

QIcon glyph_icon(const QString& glyph, int point_size = 15);

}  // namespace perimeter::ui
