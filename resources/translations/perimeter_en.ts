<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>ErrorText</name>
    <message>
        <source>cannot be read</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>not a PDF or image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>damaged file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>password needed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no pages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>page too large</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>reader crashed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>took too long</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>text recognition failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>disk full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>database error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>internal error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 cannot be read: it is missing or you have no permission to open it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is neither a PDF nor a supported image (PNG, JPEG, TIFF), whatever its name says.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is damaged or incomplete and cannot be opened.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is protected by a password.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 has no pages.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 has a page too large to read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The document reader stopped unexpectedly on %1; the file is probably malformed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading %1 took longer than the time limit.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading %1 was cancelled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Text recognition failed on %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The disk is full: %1 could not be saved in the library.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The library database refused to save %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An internal error stopped the import of %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check that the file exists and that you may read it, then import it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save or export the document as PDF and import that file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Obtain a fresh copy of the file from its source, or print it to a new PDF, and import it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the password in the program that made the file, then import it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check that the file is the document you meant to import.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Split or shrink the oversized page and import the file again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import the file again when the computer is less busy, or split it into smaller files.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import the file again to finish it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check that the text recognition languages are installed, then import the file again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Free some disk space, then import the file again; nothing already in the library was lost.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close other programs that use the library file and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Try again; if it happens again, send the details below to your administrator.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot import a document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot show a page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The page renderer (perimeter-render) is missing from the installation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reinstall the application.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drawing page %1 of %2 took too long.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Try a lower zoom, or open the page again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Page %1 of %2 is too large to draw at this zoom.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom out and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 has no page %2; the file changed since it was imported.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import the file again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Page %1 of %2 cannot be drawn: the file is damaged or was changed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check the file and import it again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Library database problem</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The disk holding %1 is full.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Free some disk space and try again; nothing already saved was lost.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The item was removed from the library in the meantime.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh the library.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The library database %1 could not be read or written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close other programs that use it and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 is not a usable GGUF model file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose another GGUF file; the details say what is wrong with this one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The assistant could not finish</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No ready document is selected.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select one or more imported documents in the library, or wait until they are read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The document %1 is not in the library.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh the library and select the document again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No language model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a GGUF model on the Models page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The model %1 cannot be loaded: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose another GGUF file on the Models page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The question and its evidence need %1 tokens, but the model's context holds %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select fewer documents, or raise the context length on the Models page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Nothing in the selected documents matches the question.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Rephrase the question or select other documents.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The job was stopped; the parts already finished are kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start it again to continue.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The model's answer did not have the required form: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Try again, or use a larger model.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The library database %1 failed: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Check the free disk space and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot export the report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a folder you may write to, with free space, and export again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 no longer exists.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh the list and try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An internal error occurred.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>An internal error occurred while working on %1.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReportDocument</name>
    <message>
        <source>This figure was not found on the cited pages.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>p. %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::Actions</name>
    <message>
        <source>&amp;Import Files…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import PDF files or scanned images into the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import every PDF and image in a folder and its sub-folders</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Library File…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open another library database file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Remove from Library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove the selected documents and everything derived from them</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read the library again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language, import and report settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Close the application</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Find in Document…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search the text of the open document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter &amp;Library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter the library's documents by name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enlarge the page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reduce the page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fit &amp;Width</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fit the page to the width of the viewer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Next Page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the next page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Previous Page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the previous page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Ask</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ask the question about the selected documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop the answer or report being written</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New &amp;Conversation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start a new conversation without the earlier questions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write &amp;Summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write a cited summary of the selected documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write &amp;Recommendation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write a cited investment recommendation for the selected documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save &amp;Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save your changes as a new version and re-check its figures</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A&amp;pprove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mark the report as approved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export the report as PDF and Markdown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About Perimeter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Version and licence</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::AssistantPanel</name>
    <message>
        <source>%1 tok/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading the documents…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From an earlier identical question</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 tok/s · %2 tokens · first token after %3 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(stopped)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The documents do not answer this question.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>p. %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ask a question about the documents selected in the library. Every answer cites the pages it comes from; click a source to see it highlighted on the page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Assistant</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Asking about %n selected document(s).</source>
        <translation><numerusform>Asking about %n selected document.</numerusform><numerusform>Asking about %n selected documents.</numerusform></translation>
    </message>
    <message>
        <source>Asking about every document in the library.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No model is loaded yet: open one on the Models page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ask about the selected documents, e.g. “What was the operating margin?”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your question; Ctrl+Enter asks it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Answers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Generation speed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Documents asked about</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::AuditView</name>
    <message>
        <source>Generated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edited</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reviewed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Asked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Deleted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status changed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>report %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>report %1, version %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>document %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>conversation %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Refresh the audit log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Who</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::DocumentViewer</name>
    <message>
        <source>of %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drawing page %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This page cannot be drawn.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No matches</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No document open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a document from the library, or click a citation in an answer, to read it here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Page number</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Go to page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Find in document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search the text of the open document; Enter goes to the next match</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous match</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next match</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Page</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Page image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document name</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::LibraryModel</name>
    <message>
        <source>Queued</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading %1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Opening</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Title: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pages: %1 (%2 read by OCR)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Passages indexed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Collections: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Scan (OCR)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Mixed (OCR)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Collection</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Added</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::LibraryPanel</name>
    <message>
        <source>All documents</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n document(s) ready</source>
        <translation><numerusform>%n document ready</numerusform><numerusform>%n documents ready</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation><numerusform>%n failed</numerusform><numerusform>%n failed</numerusform></translation>
    </message>
    <message>
        <source>Importing %1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter by name or title</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show only documents whose file name or title contains this text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Collection</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show one collection; new imports join it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Drop PDF files, scans or folders here to import them</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel the import</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop importing; documents already read are kept</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Library summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New collection…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New collection</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name of the collection; the next imports join it:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::MainWindow</name>
    <message>
        <source>Exported %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Imported %n document(s)</source>
        <translation><numerusform>Imported %n document</numerusform><numerusform>Imported %n documents</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n already in the library</source>
        <translation><numerusform>%n already in the library</numerusform><numerusform>%n already in the library</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation><numerusform>%n failed</numerusform><numerusform>%n failed</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n cancelled</source>
        <translation><numerusform>%n cancelled</numerusform><numerusform>%n cancelled</numerusform></translation>
    </message>
    <message>
        <source>Indexing passages for search: %1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n passage(s) indexed for search</source>
        <translation><numerusform>%n passage indexed for search</numerusform><numerusform>%n passages indexed for search</numerusform></translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export the report to a folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import a folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a library file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Library files (*.sqlite *.db)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove documents</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Remove %n document(s) from the library, with their pages, passages and cached answers? The files on disk are not touched.</source>
        <translation><numerusform>Remove %n document from the library, with its pages, passages and cached answers? The file on disk is not touched.</numerusform><numerusform>Remove %n documents from the library, with their pages, passages and cached answers? The files on disk are not touched.</numerusform></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About Perimeter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Perimeter %1
An offline workstation for financial analysts: documents, questions with page citations, and reviewed reports. Nothing leaves this machine.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No model loaded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model: %1 · %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Perimeter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Hide the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Detach the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read and Ask</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Audit Log</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read a document and ask questions about the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write, review, approve and export reports</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose the language model and how it runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Every generation, edit, approval and export</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Main areas</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Assistant</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ready</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Offline: nothing leaves this machine</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Documents, questions and models stay on this computer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Library file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loaded model</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::ModelManager</name>
    <message>
        <source>%1 billion</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 million</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose an embedding model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a language model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading the file…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not a usable GGUF file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not a usable embedding model.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Ready to load</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot be run: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 at %2 tokens of context (weights and cache)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Loaded: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not loaded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Running it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Embedding model for search</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open GGUF…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a GGUF model file on this computer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No model chosen</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Model file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Trained context</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>File size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Memory needed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tensor type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tensors</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Share of size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quantization mix</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Threads</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Graphics card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>all cores</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Processor threads used for generation; 0 uses every core</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Context length</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tokens of question, evidence and answer the model holds at once</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Use the GPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Run the model on the graphics card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This build has no GPU support; the model runs on the CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Load Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Load the model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No model loaded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>None: search uses keywords only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Embedding model file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Use</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Index the library with this model in the background</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Without an embedding model, passages are found by their words alone.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a GGUF file to see what it is</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::ReportsPanel</name>
    <message>
        <source>Draft</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reviewed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recommendation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Finding the evidence</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading the documents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Summarising part</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Combining the parts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checking the result</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Checking the figures</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Working</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Writing a recommendation…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Writing a summary…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Writing…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No report selected</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 · version %2 · %3</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n figure(s) not found on the cited pages are highlighted</source>
        <translation><numerusform>%n figure not found on the cited pages is highlighted</numerusform><numerusform>%n figures not found on the cited pages are highlighted</numerusform></translation>
    </message>
    <message>
        <source>Every figure was found on its cited pages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Flagged</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Author</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Versions of the report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Report text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit the text; Save Edit stores a new version and re-checks its figures</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select documents in the library and write a summary or a recommendation; or open an earlier report from the list.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Report progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Report status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Figure check</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported as PDF and Markdown to %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>perimeter::ui::SettingsDialog</name>
    <message>
        <source>Export folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Russian</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>When a page has no usable text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Never (text layer only)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Always</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Interface language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Text recognition</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pages read in parallel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Report language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Page resolution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shown in the audit log and on approvals</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source> dpi</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Resolution of pages at 100% zoom</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>