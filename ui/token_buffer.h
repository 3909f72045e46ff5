// Streaming text reaches the UI as many small queued signals; repainting per token would
// make the answer view the bottleneck. TokenBuffer collects pieces and hands them out in
// batches every 50 ms, and measures the stream's tokens per second.
#pragma once
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

namespace perimeter::ui {

class TokenBuffer : public QObject {
    Q_OBJECT
public:
    explicit TokenBuffer(int interval_ms = 50, QObject* parent = nullptr);

    void start();          // a new stream
    void push(const QString& piece);
    void finish();         // flushes what is left and stops the timer
    int tokens() const { return tokens_; }
    double tokens_per_second() const;

Q_SIGNALS:
    void flushed(const QString& text);

private:
    void flush();
    QTimer timer_;
    QString pending_;
    int tokens_ = 0;
    QElapsedTimer clock_;
    qint64 first_ms_ = -1, last_ms_ = -1;
};

}  // namespace perimeter::ui
