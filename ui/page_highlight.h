// From a byte span of a page's text to rectangles on the page: the stored word boxes carry
// byte spans, so the words overlapping the span are found and merged line by line.
#pragma once
#include <QRectF>
#include <QString>
#include <QVector>

#include "docs-ingest/extracted_document.h"

namespace perimeter::ui {

// Rectangles in PDF points (top-left origin) covering the words that overlap [start, end),
// one per run of words on the same line. Empty when no word overlaps.
QVector<QRectF> span_rects(const QVector<ingest::WordBox>& words, int start, int end);

// The UTF-8 byte offset of character `index` of `text` (QString offsets are UTF-16).
int utf8_offset(const QString& text, int index);

}  // namespace perimeter::ui
