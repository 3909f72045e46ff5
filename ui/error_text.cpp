#include "ui/error_text.h"

#include <QFileInfo>

namespace perimeter::ui {

namespace {
QString name_of(const QString& file) {
    const QString n = QFileInfo(file).fileName();
    return n.isEmpty() ? file : n;
}
QString param(const ErrorInfo& e, int i) { return i < e.params.size() ? e.params[i] : QString(); }
}  // namespace

QString ErrorText::short_reason(const QString& code) {
    if (code == QLatin1String("unreadable")) return tr("cannot be read");
    if (code == QLatin1String("not_pdf")) return tr("not a PDF or image");
    if (code == QLatin1String("corrupt")) return tr("damaged file");
    if (code == QLatin1String("encrypted")) return tr("password needed");
    if (code == QLatin1String("no_pages")) return tr("no pages");
    if (code == QLatin1String("page_too_large")) return tr("page too large");
    if (code == QLatin1String("parser_crashed")) return tr("reader crashed");
    if (code == QLatin1String("timeout")) return tr("took too long");
    if (code == QLatin1String("cancelled")) return tr("cancelled");
    if (code == QLatin1String("ocr_failed")) return tr("text recognition failed");
    if (code == QLatin1String("disk_full")) return tr("disk full");
    if (code == QLatin1String("store_error")) return tr("database error");
    return tr("internal error");
}

QString ErrorText::ingest_problem(const QString& code, const QString& file) {
    const QString f = name_of(file);
    if (code == QLatin1String("unreadable")) return tr("%1 cannot be read: it is missing or you have no permission to open it.").arg(f);
    if (code == QLatin1String("not_pdf")) return tr("%1 is neither a PDF nor a supported image (PNG, JPEG, TIFF), whatever its name says.").arg(f);
    if (code == QLatin1String("corrupt")) return tr("%1 is damaged or incomplete and cannot be opened.").arg(f);
    if (code == QLatin1String("encrypted")) return tr("%1 is protected by a password.").arg(f);
    if (code == QLatin1String("no_pages")) return tr("%1 has no pages.").arg(f);
    if (code == QLatin1String("page_too_large")) return tr("%1 has a page too large to read.").arg(f);
    if (code == QLatin1String("parser_crashed")) return tr("The document reader stopped unexpectedly on %1; the file is probably malformed.").arg(f);
    if (code == QLatin1String("timeout")) return tr("Reading %1 took longer than the time limit.").arg(f);
    if (code == QLatin1String("cancelled")) return tr("Reading %1 was cancelled.").arg(f);
    if (code == QLatin1String("ocr_failed")) return tr("Text recognition failed on %1.").arg(f);
    if (code == QLatin1String("disk_full")) return tr("The disk is full: %1 could not be saved in the library.").arg(f);
    if (code == QLatin1String("store_error")) return tr("The library database refused to save %1.").arg(f);
    return tr("An internal error stopped the import of %1.").arg(f);
}

QString ErrorText::ingest_remedy(const QString& code) {
    if (code == QLatin1String("unreadable")) return tr("Check that the file exists and that you may read it, then import it again.");
    if (code == QLatin1String("not_pdf")) return tr("Save or export the document as PDF and import that file.");
    if (code == QLatin1String("corrupt") || code == QLatin1String("parser_crashed"))
        return tr("Obtain a fresh copy of the file from its source, or print it to a new PDF, and import it again.");
    if (code == QLatin1String("encrypted")) return tr("Remove the password in the program that made the file, then import it again.");
    if (code == QLatin1String("no_pages")) return tr("Check that the file is the document you meant to import.");
    if (code == QLatin1String("page_too_large")) return tr("Split or shrink the oversized page and import the file again.");
    if (code == QLatin1String("timeout")) return tr("Import the file again when the computer is less busy, or split it into smaller files.");
    if (code == QLatin1String("cancelled")) return tr("Import the file again to finish it.");
    if (code == QLatin1String("ocr_failed")) return tr("Check that the text recognition languages are installed, then import the file again.");
    if (code == QLatin1String("disk_full")) return tr("Free some disk space, then import the file again; nothing already in the library was lost.");
    if (code == QLatin1String("store_error")) return tr("Close other programs that use the library file and try again.");
    return tr("Try again; if it happens again, send the details below to your administrator.");
}

ErrorText::Text ErrorText::describe(const ErrorInfo& e) {
    Text t;
    const QString f = name_of(e.file);
    if (e.domain == QLatin1String("ingest")) {
        t.title = tr("Cannot import a document");
        t.what = ingest_problem(e.code, e.file);
        t.todo = ingest_remedy(e.code);
        return t;
    }
    if (e.domain == QLatin1String("render")) {
        t.title = tr("Cannot show a page");
        const QString page = param(e, 0);
        if (e.code == QLatin1String("no_helper")) {
            t.what = tr("The page renderer (perimeter-render) is missing from the installation.");
            t.todo = tr("Reinstall the application.");
        } else if (e.code == QLatin1String("timeout")) {
            t.what = tr("Drawing page %1 of %2 took too long.").arg(page, f);
            t.todo = tr("Try a lower zoom, or open the page again.");
        } else if (e.code == QLatin1String("page_too_large")) {
            t.what = tr("Page %1 of %2 is too large to draw at this zoom.").arg(page, f);
            t.todo = tr("Zoom out and try again.");
        } else if (e.code == QLatin1String("no_page")) {
            t.what = tr("%1 has no page %2; the file changed since it was imported.").arg(f, page);
            t.todo = tr("Import the file again.");
        } else {
            t.what = tr("Page %1 of %2 cannot be drawn: the file is damaged or was changed.").arg(page, f);
            t.todo = tr("Check the file and import it again.");
        }
        return t;
    }
    if (e.domain == QLatin1String("store")) {
        t.title = tr("Library database problem");
        if (e.code == QLatin1String("disk_full")) {
            t.what = tr("The disk holding %1 is full.").arg(f);
            t.todo = tr("Free some disk space and try again; nothing already saved was lost.");
        } else if (e.code == QLatin1String("not_found")) {
            t.what = tr("The item was removed from the library in the meantime.");
            t.todo = tr("Refresh the library.");
        } else {
            t.what = tr("The library database %1 could not be read or written.").arg(e.file);
            t.todo = tr("Close other programs that use it and try again.");
        }
        return t;
    }
    if (e.domain == QLatin1String("model")) {
        t.title = tr("Cannot open the model");
        t.what = tr("%1 is not a usable GGUF model file.").arg(f);
        t.todo = tr("Choose another GGUF file; the details say what is wrong with this one.");
        return t;
    }
    if (e.domain == QLatin1String("analysis")) {
        t.title = tr("The assistant could not finish");
        const QString& c = e.code;
        if (c == QLatin1String("no_documents")) {
            t.what = tr("No ready document is selected.");
            t.todo = tr("Select one or more imported documents in the library, or wait until they are read.");
        } else if (c == QLatin1String("unknown_document")) {
            t.what = tr("The document %1 is not in the library.").arg(param(e, 0));
            t.todo = tr("Refresh the library and select the document again.");
        } else if (c == QLatin1String("no_model")) {
            t.what = tr("No language model is loaded.");
            t.todo = tr("Open a GGUF model on the Models page.");
        } else if (c == QLatin1String("model_load")) {
            t.title = tr("Cannot open the model");
            t.what = tr("The model %1 cannot be loaded: %2").arg(name_of(param(e, 0)), param(e, 1));
            t.todo = tr("Choose another GGUF file on the Models page.");
        } else if (c == QLatin1String("context_too_small")) {
            t.what = tr("The question and its evidence need %1 tokens, but the model's context holds %2.")
                         .arg(param(e, 0), param(e, 1));
            t.todo = tr("Select fewer documents, or raise the context length on the Models page.");
        } else if (c == QLatin1String("empty_retrieval")) {
            t.what = tr("Nothing in the selected documents matches the question.");
            t.todo = tr("Rephrase the question or select other documents.");
        } else if (c == QLatin1String("cancelled")) {
            t.title = tr("Stopped");
            t.what = tr("The job was stopped; the parts already finished are kept.");
            t.todo = tr("Start it again to continue.");
        } else if (c == QLatin1String("invalid_output")) {
            t.what = tr("The model's answer did not have the required form: %1").arg(param(e, 0));
            t.todo = tr("Try again, or use a larger model.");
        } else if (c == QLatin1String("store")) {
            t.what = tr("The library database %1 failed: %2").arg(name_of(param(e, 0)), param(e, 1));
            t.todo = tr("Check the free disk space and try again.");
        } else if (c == QLatin1String("export")) {
            t.title = tr("Cannot export the report");
            t.what = tr("%1 could not be written: %2").arg(param(e, 0), param(e, 1));
            t.todo = tr("Choose a folder you may write to, with free space, and export again.");
        } else if (c == QLatin1String("not_found")) {
            t.what = tr("%1 no longer exists.").arg(param(e, 0));
            t.todo = tr("Refresh the list and try again.");
        } else if (c == QLatin1String("invalid_prompt")) {
            t.title = tr("Cannot save the prompt");
            t.what = tr("The edited prompt %1 no longer contains %2, which the program fills in.").arg(param(e, 0), param(e, 1));
            t.todo = tr("Put the placeholder back (with its braces) and save again.");
        } else {
            t.what = tr("An internal error occurred.");
            t.todo = tr("Try again; if it happens again, send the details below to your administrator.");
        }
        return t;
    }
    t.title = tr("Something went wrong");
    t.what = e.file.isEmpty() ? tr("An internal error occurred.") : tr("An internal error occurred while working on %1.").arg(f);
    t.todo = tr("Try again; if it happens again, send the details below to your administrator.");
    return t;
}

}  // namespace perimeter::ui
