<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>FunctionPanel</name>
    <message numerus="yes">
        <source>%n steps</source>
        <translation>
            <numerusform>%n step</numerusform>
            <numerusform>%n steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>∂f/∂{name} = Σ over %n path(s) of the local derivatives&apos; product = &lt;b&gt;{total:.6g}&lt;/b&gt;&lt;br&gt;</source>
        <translation>
            <numerusform>∂f/∂{name} = Σ over %n path of the local derivatives&apos; product = &lt;b&gt;{total:.6g}&lt;/b&gt;&lt;br&gt;</numerusform>
            <numerusform>∂f/∂{name} = Σ over %n paths of the local derivatives&apos; product = &lt;b&gt;{total:.6g}&lt;/b&gt;&lt;br&gt;</numerusform>
        </translation>
    </message>
</context>
</TS>
