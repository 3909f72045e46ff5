#include "ui/glyph_icon.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

namespace perimeter::ui {

QIcon glyph_icon(const QString& glyph, int point_size) {
    QIcon icon;
    for (const auto& [mode, alpha] : {std::pair{QIcon::Normal, 255}, std::pair{QIcon::Disabled, 90}}) {
        QPixmap pm(48, 48);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::TextAntialiasing);
        QFont f = QGuiApplication::font();
        f.setPixelSize(point_size * 3);  // drawn large, shown at toolbar size
        p.setFont(f);
        QColor c(0x37, 0x41, 0x51);
        c.setAlpha(alpha);
        p.setPen(c);
        p.drawText(pm.rect(), Qt::AlignCenter, glyph);
        p.end();
        icon.addPixmap(pm, mode);
    }
    return icon;
}

}  // namespace perimeter::ui
