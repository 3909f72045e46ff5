<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ErrorText</name>
    <message>
        <source>cannot be read</source>
        <translation>не читается</translation>
    </message>
    <message>
        <source>not a PDF or image</source>
        <translation>не PDF и не изображение</translation>
    </message>
    <message>
        <source>damaged file</source>
        <translation>файл повреждён</translation>
    </message>
    <message>
        <source>password needed</source>
        <translation>нужен пароль</translation>
    </message>
    <message>
        <source>no pages</source>
        <translation>нет страниц</translation>
    </message>
    <message>
        <source>page too large</source>
        <translation>слишком большая страница</translation>
    </message>
    <message>
        <source>reader crashed</source>
        <translation>сбой чтения</translation>
    </message>
    <message>
        <source>took too long</source>
        <translation>слишком долго</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
    <message>
        <source>text recognition failed</source>
        <translation>ошибка распознавания</translation>
    </message>
    <message>
        <source>disk full</source>
        <translation>диск заполнен</translation>
    </message>
    <message>
        <source>database error</source>
        <translation>ошибка базы данных</translation>
    </message>
    <message>
        <source>internal error</source>
        <translation>внутренняя ошибка</translation>
    </message>
    <message>
        <source>%1 cannot be read: it is missing or you have no permission to open it.</source>
        <translation>Файл %1 не читается: его нет или у вас нет прав на его открытие.</translation>
    </message>
    <message>
        <source>%1 is neither a PDF nor a supported image (PNG, JPEG, TIFF), whatever its name says.</source>
        <translation>Файл %1 — не PDF и не поддерживаемое изображение (PNG, JPEG, TIFF), как бы он ни назывался.</translation>
    </message>
    <message>
        <source>%1 is damaged or incomplete and cannot be opened.</source>
        <translation>Файл %1 повреждён или неполон, открыть его нельзя.</translation>
    </message>
    <message>
        <source>%1 is protected by a password.</source>
        <translation>Файл %1 защищён паролем.</translation>
    </message>
    <message>
        <source>%1 has no pages.</source>
        <translation>В файле %1 нет страниц.</translation>
    </message>
    <message>
        <source>%1 has a page too large to read.</source>
        <translation>В файле %1 есть страница, слишком большая для чтения.</translation>
    </message>
    <message>
        <source>The document reader stopped unexpectedly on %1; the file is probably malformed.</source>
        <translation>Программа чтения документов неожиданно остановилась на файле %1; вероятно, файл испорчен.</translation>
    </message>
    <message>
        <source>Reading %1 took longer than the time limit.</source>
        <translation>Чтение файла %1 заняло больше отведённого времени.</translation>
    </message>
    <message>
        <source>Reading %1 was cancelled.</source>
        <translation>Чтение файла %1 отменено.</translation>
    </message>
    <message>
        <source>Text recognition failed on %1.</source>
        <translation>Не удалось распознать текст в файле %1.</translation>
    </message>
    <message>
        <source>The disk is full: %1 could not be saved in the library.</source>
        <translation>Диск заполнен: файл %1 не удалось сохранить в библиотеке.</translation>
    </message>
    <message>
        <source>The library database refused to save %1.</source>
        <translation>База данных библиотеки не приняла файл %1.</translation>
    </message>
    <message>
        <source>An internal error stopped the import of %1.</source>
        <translation>Внутренняя ошибка прервала импорт файла %1.</translation>
    </message>
    <message>
        <source>Check that the file exists and that you may read it, then import it again.</source>
        <translation>Проверьте, что файл существует и доступен для чтения, и импортируйте его снова.</translation>
    </message>
    <message>
        <source>Save or export the document as PDF and import that file.</source>
        <translation>Сохраните или экспортируйте документ в PDF и импортируйте полученный файл.</translation>
    </message>
    <message>
        <source>Obtain a fresh copy of the file from its source, or print it to a new PDF, and import it again.</source>
        <translation>Получите новую копию файла из источника или распечатайте его в новый PDF и импортируйте снова.</translation>
    </message>
    <message>
        <source>Remove the password in the program that made the file, then import it again.</source>
        <translation>Снимите пароль в программе, создавшей файл, и импортируйте его снова.</translation>
    </message>
    <message>
        <source>Check that the file is the document you meant to import.</source>
        <translation>Проверьте, что это тот документ, который вы хотели импортировать.</translation>
    </message>
    <message>
        <source>Split or shrink the oversized page and import the file again.</source>
        <translation>Разделите или уменьшите слишком большую страницу и импортируйте файл снова.</translation>
    </message>
    <message>
        <source>Import the file again when the computer is less busy, or split it into smaller files.</source>
        <translation>Импортируйте файл снова, когда компьютер будет менее загружен, или разделите его на файлы поменьше.</translation>
    </message>
    <message>
        <source>Import the file again to finish it.</source>
        <translation>Импортируйте файл снова, чтобы завершить чтение.</translation>
    </message>
    <message>
        <source>Check that the text recognition languages are installed, then import the file again.</source>
        <translation>Проверьте, что языки распознавания текста установлены, и импортируйте файл снова.</translation>
    </message>
    <message>
        <source>Free some disk space, then import the file again; nothing already in the library was lost.</source>
        <translation>Освободите место на диске и импортируйте файл снова; всё, что уже было в библиотеке, сохранилось.</translation>
    </message>
    <message>
        <source>Close other programs that use the library file and try again.</source>
        <translation>Закройте другие программы, использующие файл библиотеки, и повторите попытку.</translation>
    </message>
    <message>
        <source>Try again; if it happens again, send the details below to your administrator.</source>
        <translation>Повторите попытку; если ошибка повторится, отправьте подробности ниже администратору.</translation>
    </message>
    <message>
        <source>Cannot import a document</source>
        <translation>Не удалось импортировать документ</translation>
    </message>
    <message>
        <source>Cannot show a page</source>
        <translation>Не удалось показать страницу</translation>
    </message>
    <message>
        <source>The page renderer (perimeter-render) is missing from the installation.</source>
        <translation>В установке отсутствует программа отрисовки страниц (perimeter-render).</translation>
    </message>
    <message>
        <source>Reinstall the application.</source>
        <translation>Переустановите приложение.</translation>
    </message>
    <message>
        <source>Drawing page %1 of %2 took too long.</source>
        <translation>Отрисовка страницы %1 файла %2 заняла слишком много времени.</translation>
    </message>
    <message>
        <source>Try a lower zoom, or open the page again.</source>
        <translation>Уменьшите масштаб или откройте страницу снова.</translation>
    </message>
    <message>
        <source>Page %1 of %2 is too large to draw at this zoom.</source>
        <translation>Страница %1 файла %2 слишком велика для отрисовки в этом масштабе.</translation>
    </message>
    <message>
        <source>Zoom out and try again.</source>
        <translation>Уменьшите масштаб и повторите попытку.</translation>
    </message>
    <message>
        <source>%1 has no page %2; the file changed since it was imported.</source>
        <translation>В файле %1 нет страницы %2: файл изменился после импорта.</translation>
    </message>
    <message>
        <source>Import the file again.</source>
        <translation>Импортируйте файл снова.</translation>
    </message>
    <message>
        <source>Page %1 of %2 cannot be drawn: the file is damaged or was changed.</source>
        <translation>Страницу %1 файла %2 нельзя отрисовать: файл повреждён или изменён.</translation>
    </message>
    <message>
        <source>Check the file and import it again.</source>
        <translation>Проверьте файл и импортируйте его снова.</translation>
    </message>
    <message>
        <source>Library database problem</source>
        <translation>Проблема с базой данных библиотеки</translation>
    </message>
    <message>
        <source>The disk holding %1 is full.</source>
        <translation>Диск, на котором находится %1, заполнен.</translation>
    </message>
    <message>
        <source>Free some disk space and try again; nothing already saved was lost.</source>
        <translation>Освободите место на диске и повторите попытку; всё сохранённое ранее цело.</translation>
    </message>
    <message>
        <source>The item was removed from the library in the meantime.</source>
        <translation>Этот элемент тем временем удалён из библиотеки.</translation>
    </message>
    <message>
        <source>Refresh the library.</source>
        <translation>Обновите библиотеку.</translation>
    </message>
    <message>
        <source>The library database %1 could not be read or written.</source>
        <translation>Не удалось прочитать или записать базу данных библиотеки %1.</translation>
    </message>
    <message>
        <source>Close other programs that use it and try again.</source>
        <translation>Закройте другие программы, которые её используют, и повторите попытку.</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>Не удалось открыть модель</translation>
    </message>
    <message>
        <source>%1 is not a usable GGUF model file.</source>
        <translation>%1 — непригодный файл модели GGUF.</translation>
    </message>
    <message>
        <source>Choose another GGUF file; the details say what is wrong with this one.</source>
        <translation>Выберите другой файл GGUF; в подробностях сказано, что не так с этим.</translation>
    </message>
    <message>
        <source>The assistant could not finish</source>
        <translation>Помощник не смог закончить работу</translation>
    </message>
    <message>
        <source>No ready document is selected.</source>
        <translation>Не выбран ни один готовый документ.</translation>
    </message>
    <message>
        <source>Select one or more imported documents in the library, or wait until they are read.</source>
        <translation>Выберите в библиотеке один или несколько импортированных документов или дождитесь окончания их чтения.</translation>
    </message>
    <message>
        <source>The document %1 is not in the library.</source>
        <translation>Документа %1 нет в библиотеке.</translation>
    </message>
    <message>
        <source>Refresh the library and select the document again.</source>
        <translation>Обновите библиотеку и снова выберите документ.</translation>
    </message>
    <message>
        <source>No language model is loaded.</source>
        <translation>Языковая модель не загружена.</translation>
    </message>
    <message>
        <source>Open a GGUF model on the Models page.</source>
        <translation>Откройте модель GGUF на странице «Модели».</translation>
    </message>
    <message>
        <source>The model %1 cannot be loaded: %2</source>
        <translation>Модель %1 не удалось загрузить: %2</translation>
    </message>
    <message>
        <source>Choose another GGUF file on the Models page.</source>
        <translation>Выберите другой файл GGUF на странице «Модели».</translation>
    </message>
    <message>
        <source>The question and its evidence need %1 tokens, but the model&apos;s context holds %2.</source>
        <translation>Вопросу и подтверждающим фрагментам нужно %1 токенов, а контекст модели вмещает %2.</translation>
    </message>
    <message>
        <source>Select fewer documents, or raise the context length on the Models page.</source>
        <translation>Выберите меньше документов или увеличьте длину контекста на странице «Модели».</translation>
    </message>
    <message>
        <source>Nothing in the selected documents matches the question.</source>
        <translation>В выбранных документах нет ничего, что отвечало бы на вопрос.</translation>
    </message>
    <message>
        <source>Rephrase the question or select other documents.</source>
        <translation>Переформулируйте вопрос или выберите другие документы.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Остановлено</translation>
    </message>
    <message>
        <source>The job was stopped; the parts already finished are kept.</source>
        <translation>Работа остановлена; уже готовые части сохранены.</translation>
    </message>
    <message>
        <source>Start it again to continue.</source>
        <translation>Запустите её снова, чтобы продолжить.</translation>
    </message>
    <message>
        <source>The model&apos;s answer did not have the required form: %1</source>
        <translation>Ответ модели не соответствует требуемой форме: %1</translation>
    </message>
    <message>
        <source>Try again, or use a larger model.</source>
        <translation>Повторите попытку или используйте модель побольше.</translation>
    </message>
    <message>
        <source>The library database %1 failed: %2</source>
        <translation>Сбой базы данных библиотеки %1: %2</translation>
    </message>
    <message>
        <source>Check the free disk space and try again.</source>
        <translation>Проверьте свободное место на диске и повторите попытку.</translation>
    </message>
    <message>
        <source>Cannot export the report</source>
        <translation>Не удалось экспортировать отчёт</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>Choose a folder you may write to, with free space, and export again.</source>
        <translation>Выберите папку, доступную для записи и со свободным местом, и экспортируйте снова.</translation>
    </message>
    <message>
        <source>%1 no longer exists.</source>
        <translation>%1 больше не существует.</translation>
    </message>
    <message>
        <source>Refresh the list and try again.</source>
        <translation>Обновите список и повторите попытку.</translation>
    </message>
    <message>
        <source>An internal error occurred.</source>
        <translation>Произошла внутренняя ошибка.</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <source>An internal error occurred while working on %1.</source>
        <translation>При работе с %1 произошла внутренняя ошибка.</translation>
    </message>
    <message>
        <source>Cannot save the prompt</source>
        <translation>Не удалось сохранить промпт</translation>
    </message>
    <message>
        <source>The edited prompt %1 no longer contains %2, which the program fills in.</source>
        <translation>В изменённом промпте %1 больше нет подстановки %2, которую заполняет программа.</translation>
    </message>
    <message>
        <source>Put the placeholder back (with its braces) and save again.</source>
        <translation>Верните подстановку на место (вместе с фигурными скобками) и сохраните снова.</translation>
    </message>
</context>
<context>
    <name>ReportDocument</name>
    <message>
        <source>This figure was not found on the cited pages.</source>
        <translation>Эта цифра не найдена на указанных страницах.</translation>
    </message>
    <message>
        <source>p. %1</source>
        <translation>стр. %1</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::Actions</name>
    <message>
        <source>&amp;Import Files…</source>
        <translation>&amp;Импорт файлов…</translation>
    </message>
    <message>
        <source>Import PDF files or scanned images into the library</source>
        <translation>Импортировать в библиотеку файлы PDF или отсканированные изображения</translation>
    </message>
    <message>
        <source>Import &amp;Folder…</source>
        <translation>Импорт &amp;папки…</translation>
    </message>
    <message>
        <source>Import every PDF and image in a folder and its sub-folders</source>
        <translation>Импортировать все PDF и изображения из папки и её подпапок</translation>
    </message>
    <message>
        <source>Open &amp;Library File…</source>
        <translation>Открыть файл &amp;библиотеки…</translation>
    </message>
    <message>
        <source>Open another library database file</source>
        <translation>Открыть другой файл базы данных библиотеки</translation>
    </message>
    <message>
        <source>&amp;Remove from Library</source>
        <translation>&amp;Удалить из библиотеки</translation>
    </message>
    <message>
        <source>Remove the selected documents and everything derived from them</source>
        <translation>Удалить выбранные документы и всё, что из них получено</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>О&amp;бновить</translation>
    </message>
    <message>
        <source>Read the library again</source>
        <translation>Заново прочитать библиотеку</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>Language, import and report settings</source>
        <translation>Язык, импорт и отчёты</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>Close the application</source>
        <translation>Закрыть приложение</translation>
    </message>
    <message>
        <source>&amp;Find in Document…</source>
        <translation>&amp;Найти в документе…</translation>
    </message>
    <message>
        <source>Search the text of the open document</source>
        <translation>Искать в тексте открытого документа</translation>
    </message>
    <message>
        <source>Filter &amp;Library</source>
        <translation>Фильтр &amp;библиотеки</translation>
    </message>
    <message>
        <source>Filter the library&apos;s documents by name</source>
        <translation>Отобрать документы библиотеки по названию</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Крупнее</translation>
    </message>
    <message>
        <source>Enlarge the page</source>
        <translation>Увеличить страницу</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>&amp;Мельче</translation>
    </message>
    <message>
        <source>Reduce the page</source>
        <translation>Уменьшить страницу</translation>
    </message>
    <message>
        <source>Fit &amp;Width</source>
        <translation>По &amp;ширине</translation>
    </message>
    <message>
        <source>Fit the page to the width of the viewer</source>
        <translation>Вписать страницу в ширину окна просмотра</translation>
    </message>
    <message>
        <source>&amp;Next Page</source>
        <translation>&amp;Следующая страница</translation>
    </message>
    <message>
        <source>Show the next page</source>
        <translation>Показать следующую страницу</translation>
    </message>
    <message>
        <source>&amp;Previous Page</source>
        <translation>&amp;Предыдущая страница</translation>
    </message>
    <message>
        <source>Show the previous page</source>
        <translation>Показать предыдущую страницу</translation>
    </message>
    <message>
        <source>&amp;Ask</source>
        <translation>&amp;Спросить</translation>
    </message>
    <message>
        <source>Ask the question about the selected documents</source>
        <translation>Задать вопрос по выбранным документам</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>С&amp;топ</translation>
    </message>
    <message>
        <source>Stop the answer or report being written</source>
        <translation>Остановить написание ответа или отчёта</translation>
    </message>
    <message>
        <source>New &amp;Conversation</source>
        <translation>Новый &amp;разговор</translation>
    </message>
    <message>
        <source>Start a new conversation without the earlier questions</source>
        <translation>Начать новый разговор без прежних вопросов</translation>
    </message>
    <message>
        <source>Write &amp;Summary</source>
        <translation>Написать &amp;сводку</translation>
    </message>
    <message>
        <source>Write a cited summary of the selected documents</source>
        <translation>Написать сводку выбранных документов со ссылками на источники</translation>
    </message>
    <message>
        <source>Write &amp;Recommendation</source>
        <translation>Написать &amp;рекомендацию</translation>
    </message>
    <message>
        <source>Write a cited investment recommendation for the selected documents</source>
        <translation>Написать инвестиционную рекомендацию по выбранным документам со ссылками на источники</translation>
    </message>
    <message>
        <source>Save &amp;Edit</source>
        <translation>Сохранить &amp;правку</translation>
    </message>
    <message>
        <source>Save your changes as a new version and re-check its figures</source>
        <translation>Сохранить изменения как новую версию и заново проверить цифры</translation>
    </message>
    <message>
        <source>A&amp;pprove</source>
        <translation>&amp;Утвердить</translation>
    </message>
    <message>
        <source>Mark the report as approved</source>
        <translation>Отметить отчёт как утверждённый</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>&amp;Экспорт…</translation>
    </message>
    <message>
        <source>Export the report as PDF and Markdown</source>
        <translation>Экспортировать отчёт в PDF и Markdown</translation>
    </message>
    <message>
        <source>&amp;About Perimeter</source>
        <translation>&amp;О программе «Периметр»</translation>
    </message>
    <message>
        <source>Version and licence</source>
        <translation>Версия и лицензия</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::AssistantPanel</name>
    <message>
        <source>The model&apos;s draft stated figures that no source shows, and no line of the sources states what was asked; the draft was withdrawn.</source>
        <translation>Черновик модели содержал цифры, которых нет ни в одном источнике, а строки, где сказано то, о чём спрашивали, в источниках нет; черновик отозван.</translation>
    </message>
    <message>
        <source>The model&apos;s draft was not supported by the sources; this answer quotes the source verbatim.</source>
        <translation>Черновик модели не подтверждается источниками; этот ответ дословно цитирует источник.</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 ток/с</translation>
    </message>
    <message>
        <source>Reading the documents…</source>
        <translation>Чтение документов…</translation>
    </message>
    <message>
        <source>From an earlier identical question</source>
        <translation>Из ответа на такой же вопрос, заданный ранее</translation>
    </message>
    <message>
        <source>%1 tok/s · %2 tokens · first token after %3 ms</source>
        <translation>%1 ток/с · токенов: %2 · первый токен через %3 мс</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Остановлено.</translation>
    </message>
    <message>
        <source>(stopped)</source>
        <translation>(остановлено)</translation>
    </message>
    <message>
        <source>The documents do not answer this question.</source>
        <translation>В документах нет ответа на этот вопрос.</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Источники</translation>
    </message>
    <message>
        <source>p. %1</source>
        <translation>стр. %1</translation>
    </message>
    <message>
        <source>Ask a question about the documents selected in the library. Every answer cites the pages it comes from; click a source to see it highlighted on the page.</source>
        <translation>Задайте вопрос о документах, выбранных в библиотеке. Каждый ответ ссылается на страницы, из которых он взят; щёлкните источник, чтобы увидеть выделенный фрагмент на странице.</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Помощник</translation>
    </message>
    <message numerus="yes">
        <source>Asking about %n selected document(s).</source>
        <translation>
            <numerusform>Вопрос к %n выбранному документу.</numerusform>
            <numerusform>Вопрос к %n выбранным документам.</numerusform>
            <numerusform>Вопрос к %n выбранным документам.</numerusform>
        </translation>
    </message>
    <message>
        <source>Asking about every document in the library.</source>
        <translation>Вопрос ко всем документам библиотеки.</translation>
    </message>
    <message>
        <source>No model is loaded yet: open one on the Models page.</source>
        <translation>Модель ещё не загружена: откройте её на странице «Модели».</translation>
    </message>
    <message>
        <source>Ask about the selected documents, e.g. “What was the operating margin?”</source>
        <translation>Спросите о выбранных документах, например: «Какой была операционная маржа?»</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Вопрос</translation>
    </message>
    <message>
        <source>Your question; Ctrl+Enter asks it</source>
        <translation>Ваш вопрос; Ctrl+Enter — задать</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Ответы</translation>
    </message>
    <message>
        <source>Generation speed</source>
        <translation>Скорость генерации</translation>
    </message>
    <message>
        <source>Documents asked about</source>
        <translation>Документы, к которым задан вопрос</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::AuditView</name>
    <message>
        <source>Generated</source>
        <translation>Создан</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Изменён</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Проверен</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Утверждён</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Экспортирован</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>Задан вопрос</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Удалён</translation>
    </message>
    <message>
        <source>Status changed</source>
        <translation>Изменён статус</translation>
    </message>
    <message>
        <source>report %1</source>
        <translation>отчёт %1</translation>
    </message>
    <message>
        <source>report %1, version %2</source>
        <translation>отчёт %1, версия %2</translation>
    </message>
    <message>
        <source>document %1</source>
        <translation>документ %1</translation>
    </message>
    <message>
        <source>conversation %1</source>
        <translation>разговор %1</translation>
    </message>
    <message>
        <source>model</source>
        <translation>модель</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Refresh the audit log</source>
        <translation>Обновить журнал аудита</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Объект</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Подробности</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::DocumentViewer</name>
    <message>
        <source>of %1</source>
        <translation>из %1</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>По ширине</translation>
    </message>
    <message>
        <source>Drawing page %1…</source>
        <translation>Отрисовка страницы %1…</translation>
    </message>
    <message>
        <source>This page cannot be drawn.</source>
        <translation>Эту страницу нельзя отрисовать.</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>Нет совпадений</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
    <message>
        <source>No document open</source>
        <translation>Документ не открыт</translation>
    </message>
    <message>
        <source>Open a document from the library, or click a citation in an answer, to read it here.</source>
        <translation>Откройте документ из библиотеки или щёлкните ссылку в ответе, чтобы прочитать его здесь.</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>Номер страницы</translation>
    </message>
    <message>
        <source>Go to page</source>
        <translation>Перейти к странице</translation>
    </message>
    <message>
        <source>Find in document</source>
        <translation>Найти в документе</translation>
    </message>
    <message>
        <source>Search the text of the open document; Enter goes to the next match</source>
        <translation>Поиск в тексте открытого документа; Enter — к следующему совпадению</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>Предыдущее совпадение</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>Следующее совпадение</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>Масштаб</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Страница</translation>
    </message>
    <message>
        <source>Page image</source>
        <translation>Изображение страницы</translation>
    </message>
    <message>
        <source>Document name</source>
        <translation>Название документа</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::LibraryModel</name>
    <message>
        <source>Queued</source>
        <translation>В очереди</translation>
    </message>
    <message>
        <source>Reading %1 of %2</source>
        <translation>Чтение: %1 из %2</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>Открытие</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готов</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменён</translation>
    </message>
    <message>
        <source>Title: %1</source>
        <translation>Заголовок: %1</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Состояние: %1</translation>
    </message>
    <message>
        <source>Pages: %1 (%2 read by OCR)</source>
        <translation>Страниц: %1 (распознано со сканов: %2)</translation>
    </message>
    <message>
        <source>Passages indexed: %1</source>
        <translation>Проиндексировано фрагментов: %1</translation>
    </message>
    <message>
        <source>Collections: %1</source>
        <translation>Коллекции: %1</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Scan (OCR)</source>
        <translation>Скан (распознан)</translation>
    </message>
    <message>
        <source>Mixed (OCR)</source>
        <translation>Смешанный (частично распознан)</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Документ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Страниц</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Коллекция</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлен</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::LibraryPanel</name>
    <message>
        <source>All documents</source>
        <translation>Все документы</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) ready</source>
        <translation>
            <numerusform>%n документ готов</numerusform>
            <numerusform>%n документа готовы</numerusform>
            <numerusform>%n документов готовы</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n страница</numerusform>
            <numerusform>%n страницы</numerusform>
            <numerusform>%n страниц</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n с ошибкой</numerusform>
            <numerusform>%n с ошибкой</numerusform>
            <numerusform>%n с ошибкой</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing %1 of %2</source>
        <translation>Импорт: %1 из %2</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Библиотека</translation>
    </message>
    <message>
        <source>Filter by name or title</source>
        <translation>Отбор по имени или заголовку</translation>
    </message>
    <message>
        <source>Filter documents</source>
        <translation>Отбор документов</translation>
    </message>
    <message>
        <source>Show only documents whose file name or title contains this text</source>
        <translation>Показывать только документы, имя файла или заголовок которых содержит этот текст</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Коллекция</translation>
    </message>
    <message>
        <source>Show one collection; new imports join it</source>
        <translation>Показать одну коллекцию; новые документы попадут в неё</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Документы</translation>
    </message>
    <message>
        <source>Drop PDF files, scans or folders here to import them</source>
        <translation>Перетащите сюда файлы PDF, сканы или папки, чтобы импортировать их</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>Отменить импорт</translation>
    </message>
    <message>
        <source>Stop importing; documents already read are kept</source>
        <translation>Остановить импорт; уже прочитанные документы сохранятся</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>Ход импорта</translation>
    </message>
    <message>
        <source>Library summary</source>
        <translation>Сводка по библиотеке</translation>
    </message>
    <message>
        <source>New collection…</source>
        <translation>Новая коллекция…</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>Новая коллекция</translation>
    </message>
    <message>
        <source>Name of the collection; the next imports join it:</source>
        <translation>Название коллекции; в неё попадут следующие импортированные документы:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Создать</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::MainWindow</name>
    <message>
        <source>Exported %1</source>
        <translation>Экспортировано: %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n document(s)</source>
        <translation>
            <numerusform>Импортирован %n документ</numerusform>
            <numerusform>Импортировано %n документа</numerusform>
            <numerusform>Импортировано %n документов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n страница</numerusform>
            <numerusform>%n страницы</numerusform>
            <numerusform>%n страниц</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message numerus="yes">
        <source>%n already in the library</source>
        <translation>
            <numerusform>%n уже в библиотеке</numerusform>
            <numerusform>%n уже в библиотеке</numerusform>
            <numerusform>%n уже в библиотеке</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n с ошибкой</numerusform>
            <numerusform>%n с ошибкой</numerusform>
            <numerusform>%n с ошибкой</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cancelled</source>
        <translation>
            <numerusform>%n отменён</numerusform>
            <numerusform>%n отменено</numerusform>
            <numerusform>%n отменено</numerusform>
        </translation>
    </message>
    <message>
        <source>Indexing passages for search: %1 of %2</source>
        <translation>Индексирование фрагментов для поиска: %1 из %2</translation>
    </message>
    <message numerus="yes">
        <source>%n passage(s) indexed for search</source>
        <translation>
            <numerusform>%n фрагмент проиндексирован для поиска</numerusform>
            <numerusform>%n фрагмента проиндексированы для поиска</numerusform>
            <numerusform>%n фрагментов проиндексировано для поиска</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Export the report to a folder</source>
        <translation>Экспорт отчёта в папку</translation>
    </message>
    <message>
        <source>Import documents</source>
        <translation>Импорт документов</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</source>
        <translation>Документы (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>Импорт папки</translation>
    </message>
    <message>
        <source>Open a library file</source>
        <translation>Открыть файл библиотеки</translation>
    </message>
    <message>
        <source>Library files (*.sqlite *.db)</source>
        <translation>Файлы библиотеки (*.sqlite *.db)</translation>
    </message>
    <message>
        <source>Remove documents</source>
        <translation>Удаление документов</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n document(s) from the library, with their pages, passages and cached answers? The files on disk are not touched.</source>
        <translation>
            <numerusform>Удалить %n документ из библиотеки вместе со страницами, фрагментами и сохранёнными ответами? Файлы на диске не затрагиваются.</numerusform>
            <numerusform>Удалить %n документа из библиотеки вместе со страницами, фрагментами и сохранёнными ответами? Файлы на диске не затрагиваются.</numerusform>
            <numerusform>Удалить %n документов из библиотеки вместе со страницами, фрагментами и сохранёнными ответами? Файлы на диске не затрагиваются.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Оставить</translation>
    </message>
    <message>
        <source>About Perimeter</source>
        <translation>О программе «Периметр»</translation>
    </message>
    <message>
        <source>Perimeter %1
An offline workstation for financial analysts: documents, questions with page citations, and reviewed reports. Nothing leaves this machine.</source>
        <translation>Периметр %1
Автономное рабочее место финансового аналитика: документы, вопросы с точными ссылками на страницы и проверенные отчёты. Никакие данные не покидают этот компьютер.</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Модель не загружена</translation>
    </message>
    <message>
        <source>Model: %1 · %2</source>
        <translation>Модель: %1 · %2</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Perimeter</source>
        <translation>Периметр</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Библиотека</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>&amp;Библиотека</translation>
    </message>
    <message>
        <source>Read and Ask</source>
        <translation>Чтение и вопросы</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Модели</translation>
    </message>
    <message>
        <source>Audit Log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>Read a document and ask questions about the library</source>
        <translation>Читать документ и задавать вопросы по библиотеке</translation>
    </message>
    <message>
        <source>Write, review, approve and export reports</source>
        <translation>Писать, проверять, утверждать и экспортировать отчёты</translation>
    </message>
    <message>
        <source>Choose the language model and how it runs</source>
        <translation>Выбрать языковую модель и режим её работы</translation>
    </message>
    <message>
        <source>Every generation, edit, approval and export</source>
        <translation>Все генерации, правки, утверждения и экспорты</translation>
    </message>
    <message>
        <source>Main areas</source>
        <translation>Основные разделы</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Assistant</source>
        <translation>&amp;Помощник</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>&amp;Отчёты</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Offline: nothing leaves this machine</source>
        <translation>Автономно: данные не покидают компьютер</translation>
    </message>
    <message>
        <source>Documents, questions and models stay on this computer</source>
        <translation>Документы, вопросы и модели остаются на этом компьютере</translation>
    </message>
    <message>
        <source>Library file</source>
        <translation>Файл библиотеки</translation>
    </message>
    <message>
        <source>Loaded model</source>
        <translation>Загруженная модель</translation>
    </message>
    <message>
        <source>Hide the library</source>
        <translation>Скрыть библиотеку</translation>
    </message>
    <message>
        <source>Detach the library</source>
        <translation>Открепить библиотеку</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>Промпты</translation>
    </message>
    <message>
        <source>Read and edit the instructions the model is given; every version is kept</source>
        <translation>Читать и править инструкции для модели; все версии сохраняются</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::ModelManager</name>
    <message>
        <source>%1 billion</source>
        <translation>%1 млрд</translation>
    </message>
    <message>
        <source>%1 million</source>
        <translation>%1 млн</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Choose an embedding model</source>
        <translation>Выбор модели векторного поиска</translation>
    </message>
    <message>
        <source>Choose a language model</source>
        <translation>Выбор языковой модели</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>Модели GGUF (*.gguf)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Чтение файла…</translation>
    </message>
    <message>
        <source>Not a usable GGUF file.</source>
        <translation>Непригодный файл GGUF.</translation>
    </message>
    <message>
        <source>Not a usable embedding model.</source>
        <translation>Непригодная модель векторного поиска.</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 токенов</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>Ready to load</source>
        <translation>Готова к загрузке</translation>
    </message>
    <message>
        <source>Cannot be run: %1</source>
        <translation>Не может быть запущена: %1</translation>
    </message>
    <message>
        <source>%1 at %2 tokens of context (weights and cache)</source>
        <translation>%1 при контексте %2 токенов (веса и кэш)</translation>
    </message>
    <message>
        <source>Loaded: %1</source>
        <translation>Загружена: %1</translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation>Не загружена</translation>
    </message>
    <message>
        <source>Language model</source>
        <translation>Языковая модель</translation>
    </message>
    <message>
        <source>Running it</source>
        <translation>Запуск</translation>
    </message>
    <message>
        <source>Embedding model for search</source>
        <translation>Модель векторного поиска</translation>
    </message>
    <message>
        <source>Open GGUF…</source>
        <translation>Открыть GGUF…</translation>
    </message>
    <message>
        <source>Choose a GGUF model file on this computer</source>
        <translation>Выбрать файл модели GGUF на этом компьютере</translation>
    </message>
    <message>
        <source>No model chosen</source>
        <translation>Модель не выбрана</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Файл модели</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Архитектура</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Параметры</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Квантование</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>Контекст обучения</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>Размер файла</translation>
    </message>
    <message>
        <source>Memory needed</source>
        <translation>Нужно памяти</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Tensor type</source>
        <translation>Тип тензоров</translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation>Тензоров</translation>
    </message>
    <message>
        <source>Share of size</source>
        <translation>Доля объёма</translation>
    </message>
    <message>
        <source>Quantization mix</source>
        <translation>Состав квантования</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Потоки</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Контекст</translation>
    </message>
    <message>
        <source>Graphics card</source>
        <translation>Видеокарта</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>все ядра</translation>
    </message>
    <message>
        <source>Processor threads used for generation; 0 uses every core</source>
        <translation>Потоки процессора для генерации; 0 — все ядра</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> токенов</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>Длина контекста</translation>
    </message>
    <message>
        <source>Tokens of question, evidence and answer the model holds at once</source>
        <translation>Сколько токенов вопроса, фрагментов и ответа модель держит одновременно</translation>
    </message>
    <message>
        <source>Use the GPU</source>
        <translation>Использовать GPU</translation>
    </message>
    <message>
        <source>Run the model on the graphics card</source>
        <translation>Запускать модель на видеокарте</translation>
    </message>
    <message>
        <source>This build has no GPU support; the model runs on the CPU</source>
        <translation>Эта сборка не поддерживает GPU; модель работает на CPU</translation>
    </message>
    <message>
        <source>Load Model</source>
        <translation>Загрузить модель</translation>
    </message>
    <message>
        <source>Load the model</source>
        <translation>Загрузить модель</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Модель не загружена</translation>
    </message>
    <message>
        <source>None: search uses keywords only</source>
        <translation>Нет: поиск только по ключевым словам</translation>
    </message>
    <message>
        <source>Embedding model file</source>
        <translation>Файл модели векторного поиска</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Использовать</translation>
    </message>
    <message>
        <source>Index the library with this model in the background</source>
        <translation>Проиндексировать библиотеку этой моделью в фоновом режиме</translation>
    </message>
    <message>
        <source>Without an embedding model, passages are found by their words alone.</source>
        <translation>Без модели векторного поиска фрагменты находятся только по словам.</translation>
    </message>
    <message>
        <source>Open a GGUF file to see what it is</source>
        <translation>Откройте файл GGUF, чтобы узнать, что это за модель</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::PromptsView</name>
    <message>
        <source>Saving...</source>
        <translation>Сохранение...</translation>
    </message>
    <message>
        <source>Saved as version %1. New answers and reports use it.</source>
        <translation>Сохранено как версия %1. Новые ответы и отчёты используют её.</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>Не сохранено.</translation>
    </message>
    <message>
        <source>Version %1, edited %2</source>
        <translation>Версия %1, изменена %2</translation>
    </message>
    <message>
        <source>Version %1, shipped %2</source>
        <translation>Версия %1, исходная, %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Вернуть эту версию</translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>Сохранить как новую версию</translation>
    </message>
    <message>
        <source>Questions: instructions to the model</source>
        <translation>Вопросы: инструкции для модели</translation>
    </message>
    <message>
        <source>Questions: sources and question</source>
        <translation>Вопросы: источники и вопрос</translation>
    </message>
    <message>
        <source>Questions: answer quoted from the source</source>
        <translation>Вопросы: ответ цитатой из источника</translation>
    </message>
    <message>
        <source>Summary: notes on each part</source>
        <translation>Сводка: заметки по каждой части</translation>
    </message>
    <message>
        <source>Summary: the whole report</source>
        <translation>Сводка: итоговый отчёт</translation>
    </message>
    <message>
        <source>Investment recommendation</source>
        <translation>Инвестиционная рекомендация</translation>
    </message>
    <message>
        <source>Disclaimer</source>
        <translation>Оговорка об ответственности</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Английский</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Русский</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Промпт</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>Промпты</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Read the prompt library again</source>
        <translation>Заново прочитать библиотеку промптов</translation>
    </message>
    <message>
        <source>Versions of the prompt</source>
        <translation>Версии промпта</translation>
    </message>
    <message>
        <source>Every version is kept; reports record the version they used</source>
        <translation>Все версии сохраняются; отчёты записывают использованную версию</translation>
    </message>
    <message>
        <source>Prompt text</source>
        <translation>Текст промпта</translation>
    </message>
    <message>
        <source>Choose a prompt on the left</source>
        <translation>Выберите промпт слева</translation>
    </message>
    <message>
        <source>Keep these placeholders, with their braces:</source>
        <translation>Сохраните эти подстановки вместе с фигурными скобками:</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <source>Show the chosen version again</source>
        <translation>Снова показать выбранную версию</translation>
    </message>
    <message>
        <source>Store the text as a new version; earlier versions stay available</source>
        <translation>Сохранить текст как новую версию; прежние версии остаются доступны</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::ReportsPanel</name>
    <message>
        <source>Draft</source>
        <translation>Черновик</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Проверен</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Утверждён</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation>Рекомендация</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>Finding the evidence</source>
        <translation>Поиск подтверждений</translation>
    </message>
    <message>
        <source>Reading the documents</source>
        <translation>Чтение документов</translation>
    </message>
    <message>
        <source>Summarising part</source>
        <translation>Сводка части</translation>
    </message>
    <message>
        <source>Combining the parts</source>
        <translation>Объединение частей</translation>
    </message>
    <message>
        <source>Checking the result</source>
        <translation>Проверка результата</translation>
    </message>
    <message>
        <source>Checking the figures</source>
        <translation>Проверка цифр</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Работа</translation>
    </message>
    <message>
        <source>model</source>
        <translation>модель</translation>
    </message>
    <message>
        <source>Writing a recommendation…</source>
        <translation>Пишется рекомендация…</translation>
    </message>
    <message>
        <source>Writing a summary…</source>
        <translation>Пишется сводка…</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 из %3</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Пишется…</translation>
    </message>
    <message>
        <source>No report selected</source>
        <translation>Отчёт не выбран</translation>
    </message>
    <message>
        <source>%1 · version %2 · %3</source>
        <translation>%1 · версия %2 · %3</translation>
    </message>
    <message numerus="yes">
        <source>%n figure(s) not found on the cited pages are highlighted</source>
        <translation>
            <numerusform>Выделена %n цифра, не найденная на указанных страницах</numerusform>
            <numerusform>Выделены %n цифры, не найденные на указанных страницах</numerusform>
            <numerusform>Выделено %n цифр, не найденных на указанных страницах</numerusform>
        </translation>
    </message>
    <message>
        <source>Every figure was found on its cited pages</source>
        <translation>Все цифры найдены на указанных страницах</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Версии</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Отчёт</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Версия</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Под вопросом</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Автор</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Сохранена</translation>
    </message>
    <message>
        <source>Versions of the report</source>
        <translation>Версии отчёта</translation>
    </message>
    <message>
        <source>Report text</source>
        <translation>Текст отчёта</translation>
    </message>
    <message>
        <source>Edit the text; Save Edit stores a new version and re-checks its figures</source>
        <translation>Правьте текст; «Сохранить правку» создаёт новую версию и заново проверяет цифры</translation>
    </message>
    <message>
        <source>Select documents in the library and write a summary or a recommendation; or open an earlier report from the list.</source>
        <translation>Выберите документы в библиотеке и напишите сводку или рекомендацию либо откройте прежний отчёт из списка.</translation>
    </message>
    <message>
        <source>Report progress</source>
        <translation>Ход работы над отчётом</translation>
    </message>
    <message>
        <source>Report status</source>
        <translation>Состояние отчёта</translation>
    </message>
    <message>
        <source>Figure check</source>
        <translation>Проверка цифр</translation>
    </message>
    <message>
        <source>Exported as PDF and Markdown to %1</source>
        <translation>Экспортирован в PDF и Markdown в папку %1</translation>
    </message>
</context>
<context>
    <name>perimeter::ui::SettingsDialog</name>
    <message>
        <source>Export folder</source>
        <translation>Папка экспорта</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Английский</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>Русский</translation>
    </message>
    <message>
        <source>When a page has no usable text</source>
        <translation>Когда на странице нет пригодного текста</translation>
    </message>
    <message>
        <source>Never (text layer only)</source>
        <translation>Никогда (только текстовый слой)</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>Всегда</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Язык интерфейса</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ваше имя</translation>
    </message>
    <message>
        <source>Text recognition</source>
        <translation>Распознавание текста</translation>
    </message>
    <message>
        <source>Pages read in parallel</source>
        <translation>Страниц читается параллельно</translation>
    </message>
    <message>
        <source>Report language</source>
        <translation>Язык отчётов</translation>
    </message>
    <message>
        <source>Page resolution</source>
        <translation>Разрешение страниц</translation>
    </message>
    <message>
        <source>Shown in the audit log and on approvals</source>
        <translation>Указывается в журнале аудита и при утверждении</translation>
    </message>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source>Resolution of pages at 100% zoom</source>
        <translation>Разрешение страниц при масштабе 100 %</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
</TS>
