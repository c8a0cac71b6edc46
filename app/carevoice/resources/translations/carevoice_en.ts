<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>FilesQueue</name>
    <message numerus="yes">
        <source>Added %n file(s)</source>
        <translation>
            <numerusform>Added %n file</numerusform>
            <numerusform>Added %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>skipped %n that are not audio or video</source>
        <translation>
            <numerusform>skipped %n that is not audio or video</numerusform>
            <numerusform>skipped %n that are not audio or video</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n are already queued (Retry runs them again)</source>
        <translation>
            <numerusform>%n is already queued (Retry runs it again)</numerusform>
            <numerusform>%n are already queued (Retry runs them again)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) that were not finished when Care Voice closed are queued again.</source>
        <translation>
            <numerusform>%n file that was not finished when Care Voice closed is queued again.</numerusform>
            <numerusform>%n files that were not finished when Care Voice closed are queued again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n transcription(s) are not finished. Quit now? They start again the next time Care Voice opens.</source>
        <translation>
            <numerusform>%n transcription is not finished. Quit now? It starts again the next time Care Voice opens.</numerusform>
            <numerusform>%n transcriptions are not finished. Quit now? They start again the next time Care Voice opens.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotesBackup</name>
    <message numerus="yes">
        <source>Backed up %n note(s) to {path}.</source>
        <translation>
            <numerusform>Backed up %n note to {path}.</numerusform>
            <numerusform>Backed up %n notes to {path}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resident(s)</source>
        <translation>
            <numerusform>%n resident</numerusform>
            <numerusform>%n residents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotesPlace</name>
    <message numerus="yes">
        <source>%n edit(s) kept on this computer while the server was gone are saved now; {copies}</source>
        <translation>
            <numerusform>%n edit kept on this computer while the server was gone is saved now; {copies}</numerusform>
            <numerusform>%n edits kept on this computer while the server was gone are saved now; {copies}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them, changed elsewhere meanwhile, were saved as new notes.</source>
        <translation>
            <numerusform>%n of them, changed elsewhere meanwhile, was saved as a new note.</numerusform>
            <numerusform>%n of them, changed elsewhere meanwhile, were saved as new notes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only the newest %n note(s) are listed.</source>
        <translation>
            <numerusform>Only the newest %n note is listed.</numerusform>
            <numerusform>Only the newest %n notes are listed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message numerus="yes">
        <source>Too many wrong PINs: wait %n second(s), then try again.</source>
        <translation>
            <numerusform>Too many wrong PINs: wait %n second, then try again.</numerusform>
            <numerusform>Too many wrong PINs: wait %n seconds, then try again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>That PIN is not right. Wait %n second(s), then try again.</source>
        <translation>
            <numerusform>That PIN is not right. Wait %n second, then try again.</numerusform>
            <numerusform>That PIN is not right. Wait %n seconds, then try again.</numerusform>
        </translation>
    </message>
</context>
</TS>
