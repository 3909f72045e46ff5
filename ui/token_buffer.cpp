#include "ui/token_buffer.h"

namespace perimeter::ui {

TokenBuffer::TokenBuffer(int interval_ms, QObject* parent) : QObject(parent) {
    timer_.setInterval(interval_ms);
    connect(&timer_, &QTimer::timeout, this, &TokenBuffer::flush);
}

void TokenBuffer::start() {
    pending_.clear();
    tokens_ = 0;
    first_ms_ = last_ms_ = -1;
    clock_.start();
    timer_.start();
}

void TokenBuffer::push(const QString& piece) {
    pending_ += piece;
    ++tokens_;
    const qint64 now = clock_.isValid() ? clock_.elapsed() : 0;
    if (first_ms_ < 0) first_ms_ = now;
    last_ms_ = now;
}

double TokenBuffer::tokens_per_second() const {
    if (tokens_ < 2 || last_ms_ <= first_ms_) return 0;
    return (tokens_ - 1) * 1000.0 / double(last_ms_ - first_ms_);
}

void TokenBuffer::flush() {
    if (pending_.isEmpty()) return;
    const QString out = pending_;
    pending_.clear();
    Q_EMIT flushed(out);
}

void TokenBuffer::finish() {
    timer_.stop();
    flush();
}

}  // namespace perimeter::ui
