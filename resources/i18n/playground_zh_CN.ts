<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>not stated in the package metadata</source>
        <translation>软件包元数据中未注明</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Home page</source>
        <translation>主页</translation>
    </message>
    <message>
        <source>Draw a small network, press Play, and watch backpropagation learn: the loss landscape, the descent path and the chain rule, number by number.</source>
        <translation>画一个小网络，按下“播放”，看反向传播如何学习：损失曲面、下降路径和链式法则，一个数一个数地展示。</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Export an animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>the loss curve beside the landscape</source>
        <translation>在损失曲面旁显示损失曲线</translation>
    </message>
    <message>
        <source>The landscape with the descent path growing over the chosen steps, from the recorded run (every recent step, older ones thinned).</source>
        <translation>损失曲面，下降路径在选定的步数范围内逐步延伸，取自记录的运行（最近的每一步都保留，较早的步会被抽稀）。</translation>
    </message>
    <message>
        <source>from step</source>
        <translation>起始步</translation>
    </message>
    <message>
        <source>to step</source>
        <translation>结束步</translation>
    </message>
    <message>
        <source>frames (at most)</source>
        <translation>帧数（最多）</translation>
    </message>
    <message>
        <source>frames per second</source>
        <translation>每秒帧数</translation>
    </message>
</context>
<context>
    <name>AnimationExport</name>
    <message>
        <source>Export an animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Train a few steps first: an animation shows the path the run has taken.</source>
        <translation>请先训练几步：动画展示的是运行走过的路径。</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>Animated PNG (*.png)</source>
        <translation>PNG 动画 (*.png)</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <source>An animation is being written already.</source>
        <translation>已有一个动画正在写入。</translation>
    </message>
    <message>
        <source>Train a few steps first.</source>
        <translation>请先训练几步。</translation>
    </message>
    <message>
        <source>Drawing the frames…</source>
        <translation>正在绘制各帧…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Writing the file…</source>
        <translation>正在写入文件…</translation>
    </message>
    <message>
        <source>Exported the animation to {path}</source>
        <translation>已将动画导出到 {path}</translation>
    </message>
    <message>
        <source>Animation cancelled</source>
        <translation>动画已取消</translation>
    </message>
    <message>
        <source>Cannot export the animation</source>
        <translation>无法导出动画</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Cannot open the network</source>
        <translation>无法打开网络</translation>
    </message>
</context>
<context>
    <name>Autosave</name>
    <message>
        <source>%H:%M on %d %b</source>
        <translation>%m月%d日 %H:%M</translation>
    </message>
    <message>
        <source> (from {original})</source>
        <translation>（来自 {original}）</translation>
    </message>
    <message>
        <source>“{name}”{where}, autosaved at {stamp}</source>
        <translation>“{name}”{where}，自动保存于 {stamp}</translation>
    </message>
</context>
<context>
    <name>Axes</name>
    <message>
        <source>{name} is not a parameter of the network training now</source>
        <translation>{name} 不是当前正在训练的网络的参数</translation>
    </message>
    <message>
        <source>The landscape already shows both parameters of this network</source>
        <translation>损失曲面已经显示了这个网络的全部两个参数</translation>
    </message>
</context>
<context>
    <name>ChainRuleSource</name>
    <message>
        <source>no network is open</source>
        <translation>没有打开的网络</translation>
    </message>
</context>
<context>
    <name>ClassColours</name>
    <message>
        <source>… {count} more</source>
        <translation>… 还有 {count} 个</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>Confusion table: rows are the true classes, columns the classes the model says; &apos;right&apos; is each class&apos;s accuracy</source>
        <translation>混淆表：行是真实类别，列是模型判定的类别；“正确”列是每个类别的准确率</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>accuracy {accuracy} on {total:,} {part} points; rows: true, columns: said</source>
        <translation>在 {total:,} 个{part}点上的准确率 {accuracy}；行：真实，列：判定</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
</context>
<context>
    <name>ConnectCommand</name>
    <message>
        <source>Add Connection</source>
        <translation>添加连接</translation>
    </message>
</context>
<context>
    <name>ControlsPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>播放 / 暂停（空格）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One update (S); one epoch: Shift+Space</source>
        <translation>更新一次（S）；一轮：Shift+空格</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>一轮</translation>
    </message>
    <message>
        <source>Train to the end of the epoch (Shift+Space)</source>
        <translation>训练到本轮结束（Shift+空格）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Back to the starting parameters, history cleared (R)</source>
        <translation>回到初始参数，清空历史（R）</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>pace</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Set the learning-rate schedule to {describe}</source>
        <translation>将学习率调度设为 {describe}</translation>
    </message>
    <message>
        <source>Loss and optimizer</source>
        <translation>损失与优化器</translation>
    </message>
    <message>
        <source>all (full batch)</source>
        <translation>全部（全批量）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>reduction</source>
        <translation>归约</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>强度</translation>
    </message>
    <message>
        <source>Set loss to {currentText}</source>
        <translation>将损失设为 {currentText}</translation>
    </message>
    <message>
        <source>Set reduction to {currentText}</source>
        <translation>将归约方式设为 {currentText}</translation>
    </message>
    <message>
        <source>Set optimizer to {currentText}</source>
        <translation>将优化器设为 {currentText}</translation>
    </message>
    <message>
        <source>Set batch size to {size}</source>
        <translation>将批量大小设为 {size}</translation>
    </message>
    <message>
        <source>Set batch size to all</source>
        <translation>将批量大小设为全部</translation>
    </message>
    <message>
        <source>Set regularisation to {currentText}</source>
        <translation>将正则化设为 {currentText}</translation>
    </message>
    <message>
        <source>Set regularisation rate to {v:g}</source>
        <translation>将正则化强度设为 {v:g}</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>hidden activation</source>
        <translation>隐藏层激活函数</translation>
    </message>
    <message>
        <source>output activation</source>
        <translation>输出层激活函数</translation>
    </message>
    <message>
        <source>Set hidden activation to {currentText}</source>
        <translation>将隐藏层激活函数设为 {currentText}</translation>
    </message>
    <message>
        <source>Set output activation to {currentText}</source>
        <translation>将输出层激活函数设为 {currentText}</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>{name}: typed f</source>
        <translation>{name}：输入函数 f</translation>
    </message>
    <message>
        <source>points in the file</source>
        <translation>文件中的点</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>New points from the next seed</source>
        <translation>用下一个随机种子生成新的点</translation>
    </message>
    <message>
        <source>input feature {f}</source>
        <translation>输入特征 {f}</translation>
    </message>
    <message>
        <source>data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>train fraction</source>
        <translation>训练集比例</translation>
    </message>
    <message>
        <source>input features</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <source>Set noise to {v:g}</source>
        <translation>将噪声设为 {v:g}</translation>
    </message>
    <message>
        <source>Set train fraction to {v:g}</source>
        <translation>将训练集比例设为 {v:g}</translation>
    </message>
    <message>
        <source>Regenerate data</source>
        <translation>重新生成数据</translation>
    </message>
    <message>
        <source>Set {label} on</source>
        <translation>打开 {label}</translation>
    </message>
    <message>
        <source>Set {label} off</source>
        <translation>关闭 {label}</translation>
    </message>
    <message>
        <source>Set {label} to {v:g}</source>
        <translation>将 {label} 设为 {v:g}</translation>
    </message>
    <message>
        <source>Set data set to {name}</source>
        <translation>将数据集设为 {name}</translation>
    </message>
    <message>
        <source>Set input features to {labels}</source>
        <translation>将输入特征设为 {labels}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>DataEditing</name>
    <message>
        <source>Add point at ({where})</source>
        <translation>在 ({where}) 添加点</translation>
    </message>
    <message>
        <source>Move point</source>
        <translation>移动点</translation>
    </message>
    <message>
        <source>Move {n} points</source>
        <translation>移动 {n} 个点</translation>
    </message>
    <message>
        <source>Delete point</source>
        <translation>删除点</translation>
    </message>
    <message>
        <source>Delete {n} points</source>
        <translation>删除 {n} 个点</translation>
    </message>
    <message>
        <source>Clear the points</source>
        <translation>清除所有点</translation>
    </message>
    <message>
        <source>Data from f = {f}</source>
        <translation>由 f = {f} 生成数据</translation>
    </message>
    <message>
        <source>Set noise to {v}</source>
        <translation>将噪声设为 {v}</translation>
    </message>
    <message>
        <source>Set train ratio to {v}%</source>
        <translation>将训练比例设为 {v}%</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>离散化输出</translation>
    </message>
    <message>
        <source>Show output values</source>
        <translation>显示输出值</translation>
    </message>
    <message>
        <source>Show test data</source>
        <translation>显示测试数据</translation>
    </message>
    <message>
        <source>Hide test data</source>
        <translation>隐藏测试数据</translation>
    </message>
</context>
<context>
    <name>DataTools</name>
    <message>
        <source>add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>The class of a point added by a click (right-click adds the next class)</source>
        <translation>单击所添加的点的类别（右键单击添加下一个类别）</translation>
    </message>
    <message>
        <source>The target of a point added by a click (right-click adds its negative)</source>
        <translation>单击所添加的点的目标值（右键单击添加其相反数）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Remove every point, then click to draw your own</source>
        <translation>移除所有点，然后单击画出你自己的点</translation>
    </message>
    <message>
        <source>f(x)…</source>
        <translation>f(x)…</translation>
    </message>
    <message>
        <source>Data from a function you type: a curve y = f(x), or a boundary x2 &gt; f(x1)</source>
        <translation>由你输入的函数生成数据：曲线 y = f(x)，或边界 x2 &gt; f(x1)</translation>
    </message>
    <message>
        <source>discretize</source>
        <translation>离散化</translation>
    </message>
    <message>
        <source>Show the class the model says (or the sign of its output), not its value</source>
        <translation>显示模型判定的类别（或其输出的正负），而不是输出值</translation>
    </message>
    <message>
        <source>test data</source>
        <translation>测试数据</translation>
    </message>
    <message>
        <source>Show the held-out test points (hollow)</source>
        <translation>显示留出的测试点（空心）</translation>
    </message>
    <message>
        <source>Noise of the generated points</source>
        <translation>生成点的噪声</translation>
    </message>
    <message>
        <source>Share of the points the model trains on; the rest test</source>
        <translation>模型用于训练的点所占比例；其余用于测试</translation>
    </message>
    <message>
        <source>Click: add a point (right-click: the next class) · drag a point: move it · Ctrl+click: select more · Delete: remove the selected</source>
        <translation>单击：添加点（右键：下一个类别）· 拖动点：移动 · Ctrl+单击：多选 · Delete：删除所选</translation>
    </message>
    <message>
        <source>noise {n}%</source>
        <translation>噪声 {n}%</translation>
    </message>
    <message>
        <source>train {n}%</source>
        <translation>训练 {n}%</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <source>a function document has no data: its value is the loss</source>
        <translation>函数文档没有数据：函数值就是损失</translation>
    </message>
    <message>
        <source>cannot show the data: {e}</source>
        <translation>无法显示数据：{e}</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>train ●   test ○</source>
        <translation>训练 ●   测试 ○</translation>
    </message>
    <message>
        <source>train ●</source>
        <translation>训练 ●</translation>
    </message>
    <message>
        <source>no points: click to add one</source>
        <translation>没有点：单击添加一个</translation>
    </message>
    <message>
        <source>Show output</source>
        <translation>显示输出</translation>
    </message>
    <message>
        <source>Back to the model&apos;s output over the data</source>
        <translation>回到模型在数据上的输出</translation>
    </message>
    <message>
        <source>Neuron {id}: its activation over the inputs</source>
        <translation>神经元 {id}：它在输入上的激活值</translation>
    </message>
</context>
<context>
    <name>DocumentEditCommand</name>
    <message>
        <source>Undo {what}</source>
        <translation>撤销：{what}</translation>
    </message>
</context>
<context>
    <name>EditableNetworkView</name>
    <message>
        <source>: refused, {why}</source>
        <translation>：被拒绝，{why}</translation>
    </message>
    <message>
        <source>To connect, release the drag on another neuron</source>
        <translation>要连接，请在另一个神经元上松开拖动</translation>
    </message>
</context>
<context>
    <name>EditableNeuronItem</name>
    <message>
        <source>drag to another neuron to connect</source>
        <translation>拖到另一个神经元上以连接</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>no document is open</source>
        <translation>没有打开的文档</translation>
    </message>
    <message>
        <source>Not training: {built}</source>
        <translation>未在训练：{built}</translation>
    </message>
    <message>
        <source>The drawn network does not train yet: {built}</source>
        <translation>画出的网络还不能训练：{built}</translation>
    </message>
    <message>
        <source>Network edited</source>
        <translation>网络已编辑</translation>
    </message>
    <message>
        <source>a function document has no network to edit</source>
        <translation>函数文档没有可编辑的网络</translation>
    </message>
    <message>
        <source>Not training: {problem}</source>
        <translation>未在训练：{problem}</translation>
    </message>
    <message>
        <source>Cannot connect {src} → {dst}: {why}</source>
        <translation>无法连接 {src} → {dst}：{why}</translation>
    </message>
    <message>
        <source>Every input feature the data allow is in use: </source>
        <translation>数据允许的输入特征都已在使用：</translation>
    </message>
    <message>
        <source>The data cannot feed {feature}; they allow {allowed}</source>
        <translation>数据无法提供 {feature}；可用的是 {allowed}</translation>
    </message>
    <message>
        <source>An input neuron already reads {feature}</source>
        <translation>已有输入神经元读取 {feature}</translation>
    </message>
    <message>
        <source>Select neurons or connections to delete</source>
        <translation>请选择要删除的神经元或连接</translation>
    </message>
    <message>
        <source>No parameter {name} in the drawn network</source>
        <translation>画出的网络中没有参数 {name}</translation>
    </message>
    <message>
        <source>{name} must be a finite number</source>
        <translation>{name} 必须是有限的数</translation>
    </message>
    <message>
        <source>Unknown activation {activation}</source>
        <translation>未知的激活函数 {activation}</translation>
    </message>
    <message>
        <source>Set Activation to {label}</source>
        <translation>将激活函数设为 {label}</translation>
    </message>
    <message>
        <source>Add Bias</source>
        <translation>添加偏置</translation>
    </message>
    <message>
        <source>Remove Bias</source>
        <translation>移除偏置</translation>
    </message>
    <message>
        <source>Set Input Feature</source>
        <translation>设置输入特征</translation>
    </message>
    <message>
        <source>Quick build: {e}</source>
        <translation>快速构建：{e}</translation>
    </message>
    <message>
        <source>Quick build {spec}: {built}</source>
        <translation>快速构建 {spec}：{built}</translation>
    </message>
    <message>
        <source>Quick Build {spec}</source>
        <translation>快速构建 {spec}</translation>
    </message>
    <message>
        <source>The network is laid out already</source>
        <translation>网络已经排好了</translation>
    </message>
    <message>
        <source>Auto Layout</source>
        <translation>自动排列</translation>
    </message>
    <message>
        <source>Add Neuron to Layer {n}</source>
        <translation>向第 {n} 层添加神经元</translation>
    </message>
    <message>
        <source>Remove Neuron from Layer {n}</source>
        <translation>从第 {n} 层移除神经元</translation>
    </message>
    <message>
        <source>Add Hidden Layer</source>
        <translation>添加隐藏层</translation>
    </message>
    <message>
        <source>Remove Hidden Layer</source>
        <translation>移除隐藏层</translation>
    </message>
    <message>
        <source>Cannot change the layers: {why}</source>
        <translation>无法修改各层：{why}</translation>
    </message>
</context>
<context>
    <name>EditorActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selected neurons (with their connections) and connections</source>
        <translation>删除选中的神经元（连同其连接）和连接</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Select every neuron and connection</source>
        <translation>选中所有神经元和连接</translation>
    </message>
    <message>
        <source>Add &amp;Input Neuron</source>
        <translation>添加输入神经元(&amp;I)</translation>
    </message>
    <message>
        <source>An input neuron reading the next free feature</source>
        <translation>一个读取下一个空闲特征的输入神经元</translation>
    </message>
    <message>
        <source>Add &amp;Hidden Neuron</source>
        <translation>添加隐藏神经元(&amp;H)</translation>
    </message>
    <message>
        <source>A hidden neuron in the middle of the view (or double-click empty canvas)</source>
        <translation>视图中央的一个隐藏神经元（也可双击空白画布）</translation>
    </message>
    <message>
        <source>Add &amp;Output Neuron</source>
        <translation>添加输出神经元(&amp;O)</translation>
    </message>
    <message>
        <source>An output neuron in the right-hand column</source>
        <translation>右侧一列中的一个输出神经元</translation>
    </message>
    <message>
        <source>&amp;Quick Build…</source>
        <translation>快速构建(&amp;Q)…</translation>
    </message>
    <message>
        <source>Replace the network by a fully connected one, e.g. 2-4-4-1</source>
        <translation>用全连接网络替换当前网络，例如 2-4-4-1</translation>
    </message>
    <message>
        <source>Auto &amp;Layout</source>
        <translation>自动排列(&amp;L)</translation>
    </message>
    <message>
        <source>Arrange the neurons in columns by level</source>
        <translation>按层级把神经元排成列</translation>
    </message>
    <message>
        <source>&amp;Fit Network to View</source>
        <translation>网络适应视图(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole network</source>
        <translation>显示整个网络</translation>
    </message>
    <message>
        <source>Input feature</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source> add: </source>
        <translation> 添加：</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>layers, e.g. 2-4-4-1</source>
        <translation>各层，例如 2-4-4-1</translation>
    </message>
    <message>
        <source>Quick build: a fully connected network from a layer string; Enter builds it</source>
        <translation>快速构建：由层字符串生成全连接网络；按回车构建</translation>
    </message>
    <message>
        <source>build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>layout</source>
        <translation>排列</translation>
    </message>
    <message>
        <source>fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source> new weights: </source>
        <translation> 新权重：</translation>
    </message>
    <message>
        <source>How a new connection&apos;s weight is drawn</source>
        <translation>新连接的权重如何随机抽取</translation>
    </message>
    <message>
        <source>Type a layer string such as 2-4-4-1 first</source>
        <translation>请先输入层字符串，例如 2-4-4-1</translation>
    </message>
    <message>
        <source>Quick build</source>
        <translation>快速构建</translation>
    </message>
    <message>
        <source>Layers (inputs-hidden…-outputs):</source>
        <translation>各层（输入-隐藏…-输出）：</translation>
    </message>
</context>
<context>
    <name>EditorCommands</name>
    <message>
        <source>Add Input Neuron</source>
        <translation>添加输入神经元</translation>
    </message>
    <message>
        <source>Add Hidden Neuron</source>
        <translation>添加隐藏神经元</translation>
    </message>
    <message>
        <source>Add Output Neuron</source>
        <translation>添加输出神经元</translation>
    </message>
    <message>
        <source>Delete {n} Items</source>
        <translation>删除 {n} 项</translation>
    </message>
    <message>
        <source>Delete Neuron</source>
        <translation>删除神经元</translation>
    </message>
    <message>
        <source>Delete {n} Neurons</source>
        <translation>删除 {n} 个神经元</translation>
    </message>
    <message>
        <source>Delete Connection</source>
        <translation>删除连接</translation>
    </message>
    <message>
        <source>Delete {n} Connections</source>
        <translation>删除 {n} 个连接</translation>
    </message>
    <message>
        <source>Move Neuron</source>
        <translation>移动神经元</translation>
    </message>
    <message>
        <source>Move {n} Neurons</source>
        <translation>移动 {n} 个神经元</translation>
    </message>
</context>
<context>
    <name>EditorMenus</name>
    <message>
        <source>Bias value… ({value:.4g})</source>
        <translation>偏置值…（{value:.4g}）</translation>
    </message>
    <message>
        <source>Bias value…</source>
        <translation>偏置值…</translation>
    </message>
    <message>
        <source>Bias of {nid}</source>
        <translation>{nid} 的偏置</translation>
    </message>
    <message>
        <source>Has bias</source>
        <translation>有偏置</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Weight value…</source>
        <translation>权重值…</translation>
    </message>
    <message>
        <source>Weight {edge}</source>
        <translation>权重 {edge}</translation>
    </message>
    <message>
        <source>Add hidden neuron here</source>
        <translation>在此添加隐藏神经元</translation>
    </message>
    <message>
        <source>Add input neuron</source>
        <translation>添加输入神经元</translation>
    </message>
    <message>
        <source>Add output neuron</source>
        <translation>添加输出神经元</translation>
    </message>
    <message>
        <source>Auto layout</source>
        <translation>自动排列</translation>
    </message>
    <message>
        <source>Fit to view</source>
        <translation>适应视图</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Input feature</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <source>Use {what} as landscape {axis} axis</source>
        <translation>把 {what} 用作损失曲面的 {axis} 轴</translation>
    </message>
</context>
<context>
    <name>ExamplePanel</name>
    <message>
        <source>Show or hide the description</source>
        <translation>显示或隐藏说明</translation>
    </message>
    <message>
        <source>Close the introduction</source>
        <translation>关闭介绍</translation>
    </message>
    <message>
        <source>&lt;b&gt;Example: {title}&lt;/b&gt; — an untitled copy; Save asks where to keep it</source>
        <translation>&lt;b&gt;示例：{title}&lt;/b&gt; —— 一份未命名的副本；保存时会询问存放位置</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Try:&lt;/b&gt; {try_this}</source>
        <translation>&lt;br&gt;&lt;b&gt;试试：&lt;/b&gt;{try_this}</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>{mnemonic}{title} as {formats}…</source>
        <translation>{mnemonic}{title}（{formats}）…</translation>
    </message>
    <message>
        <source>&amp;History as CSV…</source>
        <translation>历史记录导出为 CSV(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Animation of the run (GIF, APNG, MP4)…</source>
        <translation>运行动画（GIF、APNG、MP4）(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Copy focused view as image</source>
        <translation>将当前视图复制为图像(&amp;C)</translation>
    </message>
    <message>
        <source>PNG &amp;scale</source>
        <translation>PNG 缩放(&amp;S)</translation>
    </message>
    <message>
        <source> (as on screen)</source>
        <translation>（与屏幕相同）</translation>
    </message>
    <message>
        <source>cannot write {name!r}: choose a file ending in </source>
        <translation>无法写入 {name!r}：请选择以此结尾的文件：</translation>
    </message>
    <message>
        <source>the {title} panel is hidden; show it (View menu) to export it</source>
        <translation>“{title}”面板已隐藏；请先显示它（视图菜单）再导出</translation>
    </message>
    <message>
        <source>Export {lower}</source>
        <translation>导出{lower}</translation>
    </message>
    <message>
        <source>Cannot export the picture</source>
        <translation>无法导出图片</translation>
    </message>
    <message>
        <source>Exported {lower}, {w}×{h}, to {path}</source>
        <translation>已导出{lower}（{w}×{h}）到 {path}</translation>
    </message>
    <message>
        <source>Export the history</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <source>Cannot export the history</source>
        <translation>无法导出历史记录</translation>
    </message>
    <message>
        <source>The training thread did not hand over the run; try again.</source>
        <translation>训练线程没有交出本次运行；请重试。</translation>
    </message>
    <message>
        <source>Exported the history to {path}</source>
        <translation>已将历史记录导出到 {path}</translation>
    </message>
    <message>
        <source>The {title} panel is hidden</source>
        <translation>“{title}”面板已隐藏</translation>
    </message>
    <message>
        <source>Copied the {lower} picture</source>
        <translation>已复制{lower}图片</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Network files (*.json);;All files (*)</source>
        <translation>网络文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Properties…</source>
        <translation>属性(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近的文件</translation>
    </message>
    <message>
        <source>File not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <source>{path}
no longer exists; it was removed from Open Recent.</source>
        <translation>{path}
已不存在；已从“最近打开”中移除。</translation>
    </message>
    <message>
        <source>starting a new network</source>
        <translation>新建网络</translation>
    </message>
    <message>
        <source>New network</source>
        <translation>新建网络</translation>
    </message>
    <message>
        <source>Layers, such as 2-4-1 (leave empty to wire the inputs straight to the outputs):</source>
        <translation>各层，例如 2-4-1（留空则把输入直接连到输出）：</translation>
    </message>
    <message>
        <source>Cannot make that network</source>
        <translation>无法创建这个网络</translation>
    </message>
    <message>
        <source>opening another network</source>
        <translation>打开另一个网络</translation>
    </message>
    <message>
        <source>Open network</source>
        <translation>打开网络</translation>
    </message>
    <message>
        <source>opening the example</source>
        <translation>打开示例</translation>
    </message>
    <message>
        <source>Cannot open the network</source>
        <translation>无法打开网络</translation>
    </message>
    <message>
        <source>{name} was not opened:

{e}</source>
        <translation>{name} 未能打开：

{e}</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Save network as</source>
        <translation>网络另存为</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>The training thread did not hand over the network; nothing was written. Try again.</source>
        <translation>训练线程没有交出网络；什么也没有写入。请重试。</translation>
    </message>
    <message>
        <source>Cannot save the network</source>
        <translation>无法保存网络</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source> and </source>
        <translation>，并且</translation>
    </message>
    <message>
        <source>made changes</source>
        <translation>做了修改</translation>
    </message>
    <message>
        <source> since it was saved</source>
        <translation>（自上次保存以来）</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>“{name}” has changes that are not saved: you {what}{since}.

Save them before {doing}?</source>
        <translation>“{name}”有未保存的修改：你{what}{since}。

在{doing}之前保存吗？</translation>
    </message>
    <message>
        <source>restored unsaved work from an autosave</source>
        <translation>从自动保存中恢复了未保存的工作</translation>
    </message>
    <message>
        <source>edited the network</source>
        <translation>编辑了网络</translation>
    </message>
    <message>
        <source>changed the settings</source>
        <translation>修改了设置</translation>
    </message>
    <message>
        <source>changed the title or description</source>
        <translation>修改了标题或说明</translation>
    </message>
    <message>
        <source>trained 1 step</source>
        <translation>训练了 1 步</translation>
    </message>
    <message>
        <source>trained {steps:,} steps</source>
        <translation>训练了 {steps:,} 步</translation>
    </message>
    <message>
        <source>Autosave is off: {e}</source>
        <translation>自动保存已关闭：{e}</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Autosave failed: {error}</source>
        <translation>自动保存失败：{error}</translation>
    </message>
    <message>
        <source>Backprop Playground was closed by {closed_by} (a logout or Ctrl+C) with unsaved changes; they were kept.</source>
        <translation>Backprop Playground 被 {closed_by} 关闭（注销或 Ctrl+C），当时有未保存的修改；这些修改已保留。</translation>
    </message>
    <message>
        <source>Backprop Playground did not close properly last time.</source>
        <translation>Backprop Playground 上次没有正常关闭。</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>{why}

Restore {newest}?</source>
        <translation>{why}

恢复 {newest} 吗？</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>The autosave could not be read, so it was removed:

{e}</source>
        <translation>无法读取自动保存，已将其删除：

{e}</translation>
    </message>
</context>
<context>
    <name>FormulaText</name>
    <message>
        <source>&lt;span class=&quot;ok&quot;&gt;✓ equals {what}&lt;/span&gt;</source>
        <translation>&lt;span class=&quot;ok&quot;&gt;✓ 等于 {what}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span class=&quot;bad&quot;&gt;✗ differs from {what} by {num}&lt;/span&gt;</source>
        <translation>&lt;span class=&quot;bad&quot;&gt;✗ 与 {what} 相差 {num}&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>FunctionDataDialog</name>
    <message>
        <source>Data from a function</source>
        <translation>由函数生成数据</translation>
    </message>
    <message>
        <source>curve: y = f(x) plus noise</source>
        <translation>曲线：y = f(x) 加噪声</translation>
    </message>
    <message>
        <source>boundary: class 1 where x2 &gt; f(x1)</source>
        <translation>边界：x2 &gt; f(x1) 处为类别 1</translation>
    </message>
    <message>
        <source>One expression in x (a curve) or x1 (a boundary): numbers, + - * / **, sin cos tan exp log sqrt abs tanh sigmoid relu softplus min max, pi, e</source>
        <translation>一个关于 x（曲线）或 x1（边界）的表达式：可用数字、+ - * / **、sin cos tan exp log sqrt abs tanh sigmoid relu softplus min max、pi、e</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>f =</source>
        <translation>f =</translation>
    </message>
    <message>
        <source>points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
</context>
<context>
    <name>FunctionEditCommand</name>
    <message>
        <source>Undo {text}</source>
        <translation>撤销：{text}</translation>
    </message>
</context>
<context>
    <name>FunctionPanel</name>
    <message>
        <source>One line per name; the last line is f. Numbers, the variables, earlier names, + - * / **, sin cos tan exp log sqrt abs tanh sigmoid relu softplus min max, pi, e</source>
        <translation>每行定义一个名字；最后一行是 f。可用：数字、变量、前面定义的名字、+ - * / **、sin cos tan exp log sqrt abs tanh sigmoid relu softplus min max、pi、e</translation>
    </message>
    <message>
        <source>The variables (1 to 3) and where descent starts</source>
        <translation>变量（1 到 3 个）以及下降的起点</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Use this function; training restarts from the start values</source>
        <translation>使用这个函数；训练从起始值重新开始</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>单步 ▶</translation>
    </message>
    <message>
        <source>Next step of backprop on this graph (forward, then the grad_table walk backward, then the update)</source>
        <translation>在这个图上执行反向传播的下一步（先前向，再按 grad_table 反向遍历，最后更新）</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Which ∂f/∂variable to write as a sum over paths</source>
        <translation>把哪个 ∂f/∂变量 写成对各路径的求和</translation>
    </message>
    <message>
        <source>paths to f from</source>
        <translation>到 f 的路径，起点</translation>
    </message>
    <message>
        <source>Edit the function</source>
        <translation>编辑函数</translation>
    </message>
    <message>
        <source>value {value}</source>
        <translation>值 {value}</translation>
    </message>
    <message>
        <source>grad {grad}</source>
        <translation>梯度 {grad}</translation>
    </message>
    <message numerus="yes">
        <source>%n steps</source>
        <translation>
            <numerusform>%n 步</numerusform>
        </translation>
    </message>
    <message>
        <source>Step ▶ runs backprop on this graph one node at a time.</source>
        <translation>“单步 ▶”在这个图上逐个节点地执行反向传播。</translation>
    </message>
    <message>
        <source>{index}/{steps}: {kind}</source>
        <translation>{index}/{steps}：{kind}</translation>
    </message>
    <message>
        <source>&lt;br&gt;… and {count} more paths</source>
        <translation>&lt;br&gt;… 另有 {count} 条路径</translation>
    </message>
    <message numerus="yes">
        <source>∂f/∂{name} = Σ over %n path(s) of the local derivatives&apos; product = &lt;b&gt;{total:.6g}&lt;/b&gt;&lt;br&gt;</source>
        <translation>
            <numerusform>∂f/∂{name} = 对 %n 条路径的局部导数之积求和 = &lt;b&gt;{total:.6g}&lt;/b&gt;&lt;br&gt;</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GradCheckDialog</name>
    <message>
        <source>Check gradients</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>Backprop: the engine&apos;s reverse pass. Finite difference, one parameter at a time: (−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε with ε = 10&lt;sup&gt;−4&lt;/sup&gt;. Relative error: |a − b| / max(|a|, |b|, 10&lt;sup&gt;−4&lt;/sup&gt;). Rows above 10&lt;sup&gt;−5&lt;/sup&gt; are marked.</source>
        <translation>反向传播：引擎的反向计算。有限差分：每次一个参数，(−L(θ+2ε) + 8L(θ+ε) − 8L(θ−ε) + L(θ−2ε)) / 12ε，其中 ε = 10&lt;sup&gt;−4&lt;/sup&gt;。相对误差：|a − b| / max(|a|, |b|, 10&lt;sup&gt;−4&lt;/sup&gt;)。超过 10&lt;sup&gt;−5&lt;/sup&gt; 的行会被标出。</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>再次检验</translation>
    </message>
    <message>
        <source>no network is open</source>
        <translation>没有打开的网络</translation>
    </message>
    <message>
        <source>with the file&apos;s parameters</source>
        <translation>使用文件中的参数</translation>
    </message>
    <message>
        <source>at training step {step:,}</source>
        <translation>在第 {step:,} 步训练时</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; {when}: ∂L/∂θ of every parameter over all training samples, by backprop and by finite differences.</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; {when}：每个参数在全部训练样本上的 ∂L/∂θ，分别用反向传播和有限差分计算。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>检验中…</translation>
    </message>
    <message>
        <source>{done:,} of {total:,} parameters</source>
        <translation>{done:,} / {total:,} 个参数</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:{OK_FG}; font-weight:bold&quot;&gt;✓ All {n} parameters agree&lt;/span&gt; — largest relative error {max_error}, tolerance 10&lt;sup&gt;−5&lt;/sup&gt;.</source>
        <translation>&lt;span style=&quot;color:{OK_FG}; font-weight:bold&quot;&gt;✓ 全部 {n} 个参数一致&lt;/span&gt; —— 最大相对误差 {max_error}，容差 10&lt;sup&gt;−5&lt;/sup&gt;。</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation> 等另外 {count} 个</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:{BAD_FG}; font-weight:bold&quot;&gt;✗ {failures} of {n} parameters disagree&lt;/span&gt; by more than 10&lt;sup&gt;−5&lt;/sup&gt;: {listed}. A derivative in the graph does not match its function.</source>
        <translation>&lt;span style=&quot;color:{BAD_FG}; font-weight:bold&quot;&gt;✗ {n} 个参数中有 {failures} 个不一致&lt;/span&gt;，差异超过 10&lt;sup&gt;−5&lt;/sup&gt;：{listed}。图中某个导数与其函数不符。</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:{BAD_FG}&quot;&gt;Cannot check: {message}&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:{BAD_FG}&quot;&gt;无法检验：{message}&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>GradCheckModel</name>
    <message>
        <source>parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>backprop</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>finite difference</source>
        <translation>有限差分</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>相对误差</translation>
    </message>
</context>
<context>
    <name>GradientTableModel</name>
    <message>
        <source>parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>new value</source>
        <translation>新值</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;What am I looking at?</source>
        <translation>我看到的是什么？(&amp;W)</translation>
    </message>
    <message>
        <source>What&apos;s &amp;This?</source>
        <translation>这是什么？(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;About Backprop Playground</source>
        <translation>关于 Backprop Playground(&amp;A)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>What am I looking at?</source>
        <translation>我看到的是什么？</translation>
    </message>
    <message>
        <source>About Backprop Playground</source>
        <translation>关于 Backprop Playground</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
</context>
<context>
    <name>ImportData</name>
    <message>
        <source>&amp;Import data…</source>
        <translation>导入数据(&amp;I)…</translation>
    </message>
    <message>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <source>Data tables (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>数据表 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import data from {name}</source>
        <translation>从 {name} 导入数据</translation>
    </message>
    <message>
        <source>Imported {points:,} points from {name}</source>
        <translation>已从 {name} 导入 {points:,} 个点</translation>
    </message>
    <message>
        <source>The network has {n_in} input(s) and {n_out} output(s); the data need {data_in} and {data_out}. Rebuild the network for them (its hidden layers are kept; Undo brings the drawn one back)?</source>
        <translation>网络有 {n_in} 个输入和 {n_out} 个输出；数据需要 {data_in} 个输入和 {data_out} 个输出。要按数据重建网络吗（保留隐藏层；撤销可恢复原来画的网络）？</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <source>semicolon</source>
        <translation>分号</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>bar</source>
        <translation>竖线</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <source>ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>Import data — {name}</source>
        <translation>导入数据 —— {name}</translation>
    </message>
    <message>
        <source>first row names the columns</source>
        <translation>第一行是列名</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>train fraction</source>
        <translation>训练集比例</translation>
    </message>
    <message>
        <source>split seed</source>
        <translation>划分种子</translation>
    </message>
    <message>
        <source>{delimiter}-separated, {rows:,} rows</source>
        <translation>{delimiter}分隔，{rows:,} 行</translation>
    </message>
    <message>
        <source>role</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>{count} classes ({names})</source>
        <translation>{count} 个类别（{names}）</translation>
    </message>
    <message>
        <source>regression on {target_names}</source>
        <translation>对 {target_names} 做回归</translation>
    </message>
    <message>
        <source> (guessed from the target)</source>
        <translation>（根据目标值推断）</translation>
    </message>
    <message>
        <source>{points:,} points, {inputs} input(s): {what}{guessed}</source>
        <translation>{points:,} 个点，{inputs} 个输入：{what}{guessed}</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>&lt;h2&gt;Inspector&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;检查器&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a &lt;b&gt;connection&lt;/b&gt; in the Network view to see how backpropagation computes its gradient ∂L/∂w by the chain rule: the recursive form δ·a, and for small networks every path from the weight to the loss as a product of local derivatives.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在“网络”视图中选中一条&lt;b&gt;连接&lt;/b&gt;，查看反向传播如何用链式法则计算它的梯度 ∂L/∂w：递归形式 δ·a；对于小网络，还会把从该权重到损失的每条路径写成局部导数之积。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a &lt;b&gt;neuron&lt;/b&gt; to see its z, a, σ′(z) and δ = ∂L/∂z.&lt;/p&gt;</source>
        <translation>&lt;p&gt;选中一个&lt;b&gt;神经元&lt;/b&gt;，查看它的 z、a、σ′(z) 和 δ = ∂L/∂z。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;Choose one training sample above to see every number plugged in, or all samples for the batch the gradient is taken over.&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;在上方选择一个训练样本，查看代入的每个数；或选择全部样本，查看求梯度所用的整批数据。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>the file&apos;s parameters</source>
        <translation>文件中的参数</translation>
    </message>
    <message>
        <source>parameters at step {step:,}</source>
        <translation>第 {step:,} 步的参数</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Connection {src} → {dst}&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;连接 {src} → {dst}&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>the weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>over the 1 training sample (what gradient descent uses)</source>
        <translation>在这 1 个训练样本上（梯度下降所用的值）</translation>
    </message>
    <message>
        <source>over all {n} training samples (what gradient descent uses)</source>
        <translation>在全部 {n} 个训练样本上（梯度下降所用的值）</translation>
    </message>
    <message>
        <source>sample {sample}&apos;s share of ∂L/∂{w}</source>
        <translation>样本 {sample} 在 ∂L/∂{w} 中的份额</translation>
    </message>
    <message>
        <source>&lt;h3&gt;The chain rule, recursively (what backprop computes)&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;递归形式的链式法则（反向传播所计算的）&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>{rest} &lt;span class=&apos;muted&apos;&gt;(the other {count})&lt;/span&gt;</source>
        <translation>{rest} &lt;span class=&apos;muted&apos;&gt;（其余 {count} 个）&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;One term per sample&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;每个样本一项&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Every path from {src} to the loss ({n_paths})&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;从 {src} 到损失的每条路径（{n_paths}）&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;{n_paths} paths lead from this weight to the loss: too many to list (more than {MAX_PATHS}). The recursive form above sums them without listing them: each δ is computed once and reused by every path through its neuron.&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;从这个权重到损失共有 {n_paths} 条路径：太多，无法列出（超过 {MAX_PATHS} 条）。上面的递归形式不逐条列出就把它们加起来了：每个 δ 只计算一次，经过该神经元的每条路径都复用它。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;No path reaches the loss: ∂L/∂w is 0.&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;没有路径通向损失：∂L/∂w 为 0。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>path {route}</source>
        <translation>路径 {route}</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;Each path multiplies the local derivatives along it, from the loss back to the weight</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;每条路径把沿途的局部导数相乘，从损失一直回到权重</translation>
    </message>
    <message>
        <source>; for the batch each product is summed over the samples s</source>
        <translation>；对整批数据，每个乘积再对样本 s 求和</translation>
    </message>
    <message>
        <source>Σ over the 1 path = &lt;b&gt;{sum}&lt;/b&gt; &amp;nbsp; {check}</source>
        <translation>对这 1 条路径求和 = &lt;b&gt;{sum}&lt;/b&gt; &amp;nbsp; {check}</translation>
    </message>
    <message>
        <source>Σ over the {n} paths = &lt;b&gt;{sum}&lt;/b&gt; &amp;nbsp; {check}</source>
        <translation>对 {n} 条路径求和 = &lt;b&gt;{sum}&lt;/b&gt; &amp;nbsp; {check}</translation>
    </message>
    <message>
        <source>&lt;br&gt;plus the penalty&apos;s {penalty} = {num} &amp;nbsp; {check_mark}</source>
        <translation>&lt;br&gt;加上惩罚项的 {penalty} = {num} &amp;nbsp; {check_mark}</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;&lt;span style=&quot;background-color:{SHARED_BG}&quot;&gt;&amp;nbsp;Shaded&amp;nbsp;&lt;/span&gt; factors are shared by several paths: backpropagation computes them once (inside the δ of a later neuron) and reuses them.&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;&lt;span style=&quot;background-color:{SHARED_BG}&quot;&gt;&amp;nbsp;带底色&amp;nbsp;&lt;/span&gt;的因子被多条路径共用：反向传播只计算一次（包含在后面某个神经元的 δ 中），然后复用。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;The local derivatives&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;局部导数&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>factor</source>
        <translation>因子</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>等于</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>, bias {bias}</source>
        <translation>，偏置 {bias}</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Neuron {nid}&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;神经元 {nid}&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;Values are means over the {n_samples} samples; Σδ is a sum.&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;各值是对 {n_samples} 个样本的均值；Σδ 是求和。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>量</translation>
    </message>
    <message>
        <source>how</source>
        <translation>算法</translation>
    </message>
    <message>
        <source>the loss&apos;s own factor</source>
        <translation>损失自身的因子</translation>
    </message>
    <message>
        <source>no path to the loss</source>
        <translation>没有通向损失的路径</translation>
    </message>
    <message>
        <source>&lt;h3&gt;What δ reads: the neurons it feeds&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;δ 读取的量：它所连向的神经元&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Inspector&lt;/h2&gt;&lt;p&gt;The {what} {name} is no longer in the network. Select another connection or neuron.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;检查器&lt;/h2&gt;&lt;p&gt;{what} {name} 已不在网络中。请选择其他连接或神经元。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Numbers for</source>
        <translation>数值取自</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;bad&quot;&gt;Cannot explain: {message}&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;bad&quot;&gt;无法解释：{message}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>● live while training</source>
        <translation>● 训练时实时更新</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source> at step {step:,}</source>
        <translation>，在第 {step:,} 步</translation>
    </message>
</context>
<context>
    <name>JacobianView</name>
    <message>
        <source>&lt;tr&gt;&lt;td&gt;&lt;/td&gt;&lt;td colspan=&apos;{c_shown}&apos; class=&apos;muted&apos;&gt;… {count} more rows&lt;/td&gt;&lt;/tr&gt;</source>
        <translation>&lt;tr&gt;&lt;td&gt;&lt;/td&gt;&lt;td colspan=&apos;{c_shown}&apos; class=&apos;muted&apos;&gt;… 另有 {count} 行&lt;/td&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <source>diag(σ′(z&lt;sup&gt;({level})&lt;/sup&gt;)) · W&lt;sup&gt;({level})&lt;/sup&gt;: row j, column i is σ′(z&lt;sub&gt;j&lt;/sub&gt;)·w&lt;sub&gt;i→j&lt;/sub&gt;</source>
        <translation>diag(σ′(z&lt;sup&gt;({level})&lt;/sup&gt;)) · W&lt;sup&gt;({level})&lt;/sup&gt;：第 j 行第 i 列是 σ′(z&lt;sub&gt;j&lt;/sub&gt;)·w&lt;sub&gt;i→j&lt;/sub&gt;</translation>
    </message>
    <message>
        <source>; identity rows carry {names} past this level (a later level still reads them: a skip connection)</source>
        <translation>；单位行把 {names} 传过这一层级（后面的层级还会读取它们：跳跃连接）</translation>
    </message>
    <message>
        <source>∂(state after level {level}) / ∂(state before)</source>
        <translation>∂(层级 {level} 之后的状态) / ∂(之前的状态)</translation>
    </message>
    <message>
        <source>&lt;h2&gt;∂{tl} / ∂{fl} at sample {sample}&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;样本 {sample} 处的 ∂{tl} / ∂{fl}&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;Nudge the activations of level {fl}, recompute every later level (earlier ones held fixed): how does level {tl} move? The chain rule says: multiply one Jacobian per level in between.&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;轻推层级 {fl} 的激活值，重新计算其后的每个层级（之前的保持不变）：层级 {tl} 会怎样变化？链式法则给出答案：把中间每个层级的雅可比矩阵相乘。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The same level: the identity.&lt;/p&gt;</source>
        <translation>&lt;p&gt;同一层级：单位矩阵。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;One Jacobian per level&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;每个层级一个雅可比矩阵&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Their product (the chain rule)&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;它们的乘积（链式法则）&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Directly, by backpropagation&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;直接用反向传播计算&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;One reverse pass over the graph per row, seeded with a unit vector at {tl}, reading the gradient that reaches {fl}.&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;每一行在图上做一次反向计算：从 {tl} 处的单位向量出发，读出到达 {fl} 的梯度。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;largest |difference| {diff} &amp;nbsp; {check_mark}&lt;/p&gt;</source>
        <translation>&lt;p&gt;最大 |差异| {diff} &amp;nbsp; {check_mark}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>the product</source>
        <translation>乘积</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>from level</source>
        <translation>从层级</translation>
    </message>
    <message>
        <source>to level</source>
        <translation>到层级</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Jacobians&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;雅可比矩阵&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;bad&quot;&gt;Cannot compute: {message}&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;bad&quot;&gt;无法计算：{message}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>Filter-normalise the curvature plane</source>
        <translation>按滤波器归一化曲率平面</translation>
    </message>
    <message>
        <source>Scale each neuron&apos;s part of the two eigenvectors to the size of its weights, as the random plane does (Li et al. 2018)</source>
        <translation>把两个特征向量中属于每个神经元的部分缩放到其权重的大小，与随机平面的做法相同（Li et al. 2018）</translation>
    </message>
    <message>
        <source>log colour</source>
        <translation>对数着色</translation>
    </message>
    <message>
        <source>Follow the current point</source>
        <translation>跟随当前点</translation>
    </message>
    <message>
        <source>Keep the current point in sight: the view grows or moves when the point nears an edge (zooming with the mouse stops it)</source>
        <translation>让当前点保持可见：点接近边缘时视图会扩大或移动（用鼠标缩放会停止跟随）</translation>
    </message>
    <message>
        <source>Fit to path</source>
        <translation>适应路径</translation>
    </message>
    <message>
        <source>Show the whole descent path</source>
        <translation>显示整条下降路径</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Back to the file&apos;s range, following the point (the mouse wheel zooms, dragging pans)</source>
        <translation>回到文件中的范围，并跟随当前点（鼠标滚轮缩放，拖动平移）</translation>
    </message>
    <message>
        <source>View</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Follow the point, fit to the path, reset the view (double-click the landscape: start there)</source>
        <translation>跟随当前点、适应路径、重置视图（双击损失曲面：从那里开始）</translation>
    </message>
    <message>
        <source>slice:</source>
        <translation>切片：</translation>
    </message>
    <message>
        <source>Start here</source>
        <translation>从这里开始</translation>
    </message>
    <message>
        <source>Start descent from this point (undoable); double-clicking the landscape does the same</source>
        <translation>从这一点开始下降（可撤销）；双击损失曲面效果相同</translation>
    </message>
    <message>
        <source>loss (log colour)</source>
        <translation>损失（对数着色）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>arrow: −{arrow_scale} × gradient</source>
        <translation>箭头：−{arrow_scale} × 梯度</translation>
    </message>
    <message>
        <source> (too short to show here)</source>
        <translation>（太短，无法显示）</translation>
    </message>
    <message>
        <source>no value (overflow)</source>
        <translation>无值（溢出）</translation>
    </message>
    <message>
        <source>curvature λ₁ = {a} along x, λ₂ = {b} along y</source>
        <translation>曲率：沿 x 为 λ₁ = {a}，沿 y 为 λ₂ = {b}</translation>
    </message>
    <message>
        <source>loss over both parameters (the whole surface)</source>
        <translation>两个参数上的损失（整个曲面）</translation>
    </message>
    <message>
        <source>loss over two parameters, the others held at the current point</source>
        <translation>两个参数上的损失，其余参数固定在当前点</translation>
    </message>
    <message>
        <source>loss on the plane of the path&apos;s two principal directions</source>
        <translation>路径两个主方向所张平面上的损失</translation>
    </message>
    <message>
        <source>loss on the plane of the Hessian&apos;s top two eigenvectors at the current point</source>
        <translation>当前点处海森矩阵前两个特征向量所张平面上的损失</translation>
    </message>
    <message>
        <source>loss on a random plane (filter-normalised) through the current point</source>
        <translation>过当前点的随机平面（按滤波器归一化）上的损失</translation>
    </message>
</context>
<context>
    <name>LandscapeWorker</name>
    <message>
        <source>two parameters</source>
        <translation>两个参数</translation>
    </message>
    <message>
        <source>random plane</source>
        <translation>随机平面</translation>
    </message>
    <message>
        <source>trajectory plane</source>
        <translation>轨迹平面</translation>
    </message>
    <message>
        <source>curvature plane</source>
        <translation>曲率平面</translation>
    </message>
    <message>
        <source>curvature plane (filter-normalised)</source>
        <translation>曲率平面（按滤波器归一化）</translation>
    </message>
</context>
<context>
    <name>LayerButtons</name>
    <message>
        <source>free network</source>
        <translation>自由网络</translation>
    </message>
    <message>
        <source>+/− work on a network in layers; this one is not: {why}</source>
        <translation>+/− 只适用于分层的网络；这个网络不是：{why}</translation>
    </message>
    <message>
        <source>{n} hidden layers</source>
        <translation>{n} 个隐藏层</translation>
    </message>
    <message>
        <source>1 hidden layer</source>
        <translation>1 个隐藏层</translation>
    </message>
    <message>
        <source>Add a hidden layer before the outputs</source>
        <translation>在输出之前添加一个隐藏层</translation>
    </message>
    <message>
        <source>Remove the last hidden layer</source>
        <translation>移除最后一个隐藏层</translation>
    </message>
    <message>
        <source>There is no hidden layer to remove</source>
        <translation>没有可移除的隐藏层</translation>
    </message>
    <message>
        <source>Remove a neuron from hidden layer {k} ({n} now)</source>
        <translation>从第 {k} 个隐藏层移除一个神经元（现有 {n} 个）</translation>
    </message>
    <message>
        <source>Add a neuron to hidden layer {k} ({n} now)</source>
        <translation>向第 {k} 个隐藏层添加一个神经元（现有 {n} 个）</translation>
    </message>
    <message>
        <source>Hidden layer {k} has one neuron; − above the drawing removes the whole layer</source>
        <translation>第 {k} 个隐藏层只有一个神经元；图上方的 − 会移除整层</translation>
    </message>
</context>
<context>
    <name>LearningRateCommand</name>
    <message>
        <source>Set learning rate to {new:.4g}</source>
        <translation>将学习率设为 {new:.4g}</translation>
    </message>
</context>
<context>
    <name>LessonActions</name>
    <message>
        <source>unknown operation {op}</source>
        <translation>未知操作 {op}</translation>
    </message>
    <message>
        <source>there is no example called {name}</source>
        <translation>没有名为 {name} 的示例</translation>
    </message>
    <message>
        <source>the example {name} was not opened</source>
        <translation>示例 {name} 未能打开</translation>
    </message>
    <message>
        <source>the lesson&apos;s function was not opened</source>
        <translation>课程的函数未能打开</translation>
    </message>
    <message>
        <source>the network has no parameter {name}</source>
        <translation>网络中没有参数 {name}</translation>
    </message>
    <message>
        <source>the open document is not a function</source>
        <translation>当前打开的文档不是函数</translation>
    </message>
    <message>
        <source>the app did not get ready in time</source>
        <translation>应用没有及时准备好</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Each lesson is a few short pages: read, then do the task; the page notices when it is done.</source>
        <translation>每节课由几页短内容组成：先阅读，再完成任务；任务完成时页面会察觉到。</translation>
    </message>
    <message>
        <source>All lessons</source>
        <translation>全部课程</translation>
    </message>
    <message>
        <source>The previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>your answer</source>
        <translation>你的答案</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>演示给我看</translation>
    </message>
    <message>
        <source>Do the task for me, then I watch</source>
        <translation>替我完成任务，我来观看</translation>
    </message>
    <message>
        <source>Set up again</source>
        <translation>重新设置</translation>
    </message>
    <message>
        <source>Put the app back the way this page starts</source>
        <translation>把应用恢复到本页开始时的状态</translation>
    </message>
    <message>
        <source>Not shown: {error}</source>
        <translation>无法显示：{error}</translation>
    </message>
    <message>
        <source>Lesson {lesson} · {page}/{pages}</source>
        <translation>第 {lesson} 课 · {page}/{pages}</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>✓ Done.</source>
        <translation>✓ 完成。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Setting up…</source>
        <translation>正在设置…</translation>
    </message>
    <message>
        <source>Not done yet.</source>
        <translation>尚未完成。</translation>
    </message>
    <message>
        <source>Set-up stopped: {why}</source>
        <translation>设置已停止：{why}</translation>
    </message>
    <message>
        <source>Skip, finish</source>
        <translation>跳过并结束</translation>
    </message>
    <message>
        <source>Skip ▶</source>
        <translation>跳过 ▶</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Short lessons on the ideas behind the views, each with a task to do in the app</source>
        <translation>讲解各视图背后思想的短课程，每节课都有一个在应用中完成的任务</translation>
    </message>
</context>
<context>
    <name>LineView</name>
    <message>
        <source>start → current point</source>
        <translation>起点 → 当前点</translation>
    </message>
    <message>
        <source>sharpest direction (top Hessian eigenvector)</source>
        <translation>最陡方向（海森矩阵最大特征向量）</translation>
    </message>
    <message>
        <source>start → current point: θ(α) = θ₀ + α(θ − θ₀), α from −0.5 to 1.5 (Goodfellow et al. 2015). Sharpest direction: θ(α) = θ + α·d·v along the Hessian&apos;s top eigenvector v, with d = √(2L/λ) (where the curvature alone would double the loss) and the quadratic model the curvature predicts.</source>
        <translation>起点 → 当前点：θ(α) = θ₀ + α(θ − θ₀)，α 从 −0.5 到 1.5（Goodfellow et al. 2015）。最陡方向：θ(α) = θ + α·d·v，沿海森矩阵的最大特征向量 v，其中 d = √(2L/λ)（仅凭曲率就会使损失翻倍的距离），并画出曲率所预测的二次模型。</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>line:</source>
        <translation>直线：</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>loss along the line</source>
        <translation>沿直线的损失</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>损失（对数坐标）</translation>
    </message>
    <message>
        <source>no value where the loss overflows</source>
        <translation>损失溢出处无值</translation>
    </message>
    <message>
        <source>quadratic model, λ = {lam}</source>
        <translation>二次模型，λ = {lam}</translation>
    </message>
    <message>
        <source>α (θ + α·d·v, d = {d})</source>
        <translation>α（θ + α·d·v，d = {d}）</translation>
    </message>
    <message>
        <source>α (θ₀ + α·(θ − θ₀): 0 the start, 1 the current point)</source>
        <translation>α（θ₀ + α·(θ − θ₀)：0 为起点，1 为当前点）</translation>
    </message>
    <message>
        <source>loss along the sharpest direction through the current point (λmax = {lam})</source>
        <translation>过当前点沿最陡方向的损失（λmax = {lam}）</translation>
    </message>
    <message>
        <source>loss on the straight line from the start to the current point</source>
        <translation>从起点到当前点的直线上的损失</translation>
    </message>
</context>
<context>
    <name>LossView</name>
    <message>
        <source>log steps</source>
        <translation>对数步数</translation>
    </message>
    <message>
        <source>all steps</source>
        <translation>全部步数</translation>
    </message>
    <message>
        <source>recent steps</source>
        <translation>最近步数</translation>
    </message>
    <message>
        <source>accuracy {train:.0f}%</source>
        <translation>准确率 {train:.0f}%</translation>
    </message>
    <message>
        <source> / {test:.0f}%</source>
        <translation> / {test:.0f}%</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>log steps: the first steps get as much room as the last; recent steps: the last {RECENT_STEPS:,}</source>
        <translation>对数步数：开头的步与最后的步占同样的宽度；最近步数：最后 {RECENT_STEPS:,} 步</translation>
    </message>
    <message>
        <source>share of points classified right: train / test</source>
        <translation>分类正确的点所占比例：训练 / 测试</translation>
    </message>
    <message>
        <source>Sharpness λmax on the loss plot</source>
        <translation>在损失图上显示锐度 λmax</translation>
    </message>
    <message>
        <source>step {step:,}: {text}</source>
        <translation>第 {step:,} 步：{text}</translation>
    </message>
    <message>
        <source>Off: the loss went below 0, which a log scale cannot show</source>
        <translation>已关闭：损失低于 0，对数坐标无法显示</translation>
    </message>
    <message>
        <source>step (log scale)</source>
        <translation>步（对数坐标）</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>损失（对数坐标）</translation>
    </message>
    <message>
        <source>step {step}: train {loss:.5g}</source>
        <translation>第 {step} 步：训练 {loss:.5g}</translation>
    </message>
    <message>
        <source>, test {loss:.5g}</source>
        <translation>，测试 {loss:.5g}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Function graph: values and gradients</source>
        <translation>函数图：值与梯度</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>竞速</translation>
    </message>
    <message>
        <source>Race optimizers</source>
        <translation>优化器竞速</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制面板</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>step 000,000,000</source>
        <translation>步 000,000,000</translation>
    </message>
    <message>
        <source>epoch 000,000.0</source>
        <translation>轮 000,000.0</translation>
    </message>
    <message>
        <source>train 0.0000e-00</source>
        <translation>训练 0.0000e-00</translation>
    </message>
    <message>
        <source>test 0.0000e-00</source>
        <translation>测试 0.0000e-00</translation>
    </message>
    <message>
        <source>accuracy 100% / 100%</source>
        <translation>准确率 100% / 100%</translation>
    </message>
    <message>
        <source>000,000 steps/s</source>
        <translation>000,000 步/秒</translation>
    </message>
    <message>
        <source>pace 1,000 steps/s</source>
        <translation>速度 1,000 步/秒</translation>
    </message>
    <message>
        <source>lr 0.000e-00</source>
        <translation>学习率 0.000e-00</translation>
    </message>
    <message>
        <source>past edge: λmax 00.0 &gt; 2/lr 00.0</source>
        <translation>超过边界：λmax 00.0 &gt; 2/lr 00.0</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Inspect</source>
        <translation>检查(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>step {step:,}</source>
        <translation>步 {step:,}</translation>
    </message>
    <message>
        <source>epoch {epoch:,.1f}</source>
        <translation>轮 {epoch:,.1f}</translation>
    </message>
    <message>
        <source>train {train_loss}</source>
        <translation>训练 {train_loss}</translation>
    </message>
    <message>
        <source>test {test_loss}</source>
        <translation>测试 {test_loss}</translation>
    </message>
    <message>
        <source>{steps_per_second:,.0f} steps/s</source>
        <translation>{steps_per_second:,.0f} 步/秒</translation>
    </message>
    <message>
        <source>pace {pace}</source>
        <translation>速度 {pace}</translation>
    </message>
    <message>
        <source>lr {current_lr:.3g}</source>
        <translation>学习率 {current_lr:.3g}</translation>
    </message>
    <message>
        <source>Training stopped: {diverged}. Kept the last good parameters (step {step:,}: train {train_loss}, test {test_loss}).</source>
        <translation>训练已停止：{diverged}。保留了最后一组正常的参数（第 {step:,} 步：训练 {train_loss}，测试 {test_loss}）。</translation>
    </message>
    <message>
        <source>Not applied: {message}</source>
        <translation>未应用：{message}</translation>
    </message>
    <message>
        <source>Landscape: {message}</source>
        <translation>损失曲面：{message}</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Loss curve</source>
        <translation>损失曲线</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>3-D surface</source>
        <translation>三维曲面</translation>
    </message>
    <message>
        <source>Loss along a line</source>
        <translation>沿直线的损失</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>Softplus</source>
        <translation>Softplus</translation>
    </message>
    <message>
        <source>Sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>½ squared error</source>
        <translation>½ 平方误差</translation>
    </message>
    <message>
        <source>squared error</source>
        <translation>平方误差</translation>
    </message>
    <message>
        <source>binary cross-entropy (on logits)</source>
        <translation>二元交叉熵（基于 logits）</translation>
    </message>
    <message>
        <source>softmax cross-entropy</source>
        <translation>softmax 交叉熵</translation>
    </message>
    <message>
        <source>sum</source>
        <translation>求和</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>l1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>l2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>dampening</source>
        <translation>阻尼</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>lr decay</source>
        <translation>学习率衰减</translation>
    </message>
    <message>
        <source>initial accumulator</source>
        <translation>累加器初值</translation>
    </message>
    <message>
        <source>ε</source>
        <translation>ε</translation>
    </message>
    <message>
        <source>α (decay)</source>
        <translation>α（衰减）</translation>
    </message>
    <message>
        <source>β₁</source>
        <translation>β₁</translation>
    </message>
    <message>
        <source>β₂</source>
        <translation>β₂</translation>
    </message>
    <message>
        <source>AMSGrad</source>
        <translation>AMSGrad</translation>
    </message>
    <message>
        <source>centred</source>
        <translation>中心化</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量法</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>Adagrad</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>width ∝ |w| · ring: bias</source>
        <translation>线宽 ∝ |w| · 圆环：偏置</translation>
    </message>
</context>
<context>
    <name>NeuronItem</name>
    <message>
        <source>feature {feature}</source>
        <translation>特征 {feature}</translation>
    </message>
</context>
<context>
    <name>Pace</name>
    <message>
        <source>Max</source>
        <translation>最快</translation>
    </message>
    <message>
        <source>{n} step/s</source>
        <translation>{n} 步/秒</translation>
    </message>
    <message>
        <source>{n} steps/s</source>
        <translation>{n} 步/秒</translation>
    </message>
</context>
<context>
    <name>PaceControl</name>
    <message>
        <source>Steps per second: 1, 3, 10, 30, 100, 1000 or Max (as fast as possible). Faster: ]  Slower: [</source>
        <translation>每秒步数：1、3、10、30、100、1000 或“最快”（尽可能快）。加快：]  减慢：[</translation>
    </message>
    <message>
        <source>1,000 steps/s</source>
        <translation>1,000 步/秒</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>加快</translation>
    </message>
    <message>
        <source>Train at the next faster pace</source>
        <translation>以更快一档的速度训练</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>减慢</translation>
    </message>
    <message>
        <source>Train at the next slower pace</source>
        <translation>以更慢一档的速度训练</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Loss landscape</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>
&lt;p&gt;The loss over a flat slice through parameter space, with every parameter
not on the slice held where training has it now.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Axes&lt;/b&gt;: two parameters (&lt;code&gt;w:x1-&amp;gt;h1&lt;/code&gt; is the weight from x1 to h1,
&lt;code&gt;b:h1&lt;/code&gt; the bias of h1), or two directions: a random filter-normalised
plane, the plane the descent path has moved in most (PCA of the path), or the
curvature plane: the two directions in which the loss curves most at the current point
(the Hessian&apos;s top eigenvectors, their curvatures λ₁, λ₂ in the legend).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Colour&lt;/b&gt;: the loss, dark low and yellow high; the colour bar gives the values
(log colour spreads out small differences near a minimum). Thin lines are contours:
points of equal loss.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Path&lt;/b&gt;: where gradient descent has been; the green dot is the start, the red
dot the current parameters.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Arrow&lt;/b&gt;: the negative gradient at the current point on this slice, the way a
plain gradient step goes. Its length is the gradient&apos;s size times the factor the legend
states (−k × gradient, one k per view), so a steeper slope draws a longer arrow and it
vanishes at a minimum; the legend says when it is too short to show.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Try: press Play and watch the red dot follow the arrow downhill; raise the learning
rate until the path overshoots and zig-zags across the valley. Double-click the landscape
(or right-click, Start here) to start descent from that point; Undo goes back.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Timeline&lt;/b&gt; (under the landscape): paused, drag it to see every view as it was at
an earlier step of the run: the path up to it, the weights, the model&apos;s output, a red
mark on the loss curve. It only looks back; Live or Play returns to the run.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;参数空间中一个平面切片上的损失，不在切片上的参数都固定在训练当前的取值。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;坐标轴&lt;/b&gt;：两个参数（&lt;code&gt;w:x1-&amp;gt;h1&lt;/code&gt; 是从 x1 到 h1 的权重，&lt;code&gt;b:h1&lt;/code&gt; 是 h1 的偏置），或两个方向：一个按滤波器归一化的随机平面、下降路径移动最多的平面（路径的主成分分析），或曲率平面：损失在当前点弯曲最厉害的两个方向（海森矩阵的前两个特征向量，其曲率 λ₁、λ₂ 见图例）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;颜色&lt;/b&gt;：损失，暗色为低、黄色为高；色条给出数值（对数着色能拉开极小值附近的细小差别）。细线是等高线：损失相等的点。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;路径&lt;/b&gt;：梯度下降走过的地方；绿点是起点，红点是当前参数。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;箭头&lt;/b&gt;：当前点在这个切片上的负梯度，也就是普通梯度步的方向。它的长度是梯度大小乘以图例给出的系数（−k × 梯度，每个视图一个 k），所以坡越陡箭头越长，到极小值处消失；箭头太短无法显示时图例会说明。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;试试：按“播放”，看红点沿箭头走下坡；调大学习率，直到路径越过谷底、在山谷两侧来回折返。双击损失曲面（或右键选“从这里开始”）即可从那一点开始下降；撤销可回到原来的状态。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;时间线&lt;/b&gt;（在损失曲面下方）：暂停时拖动它，可以看到运行在较早某一步时的各个视图：到那一步为止的路径、权重、模型输出，以及损失曲线上的红色标记。它只用于回看；按“实时”或“播放”回到运行。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>
&lt;p&gt;The network you are training, inputs on the left, outputs on the right.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Lines&lt;/b&gt;: connections. Blue is a positive weight, orange a negative one; the
wider the line, the larger the weight compared with the others.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Discs&lt;/b&gt;: neurons, with their activation (tanh, σ, ReLU, lin) inside and their
id below. The ring&apos;s colour is the sign of the bias, its width its size.&lt;/li&gt;
&lt;li&gt;A connection that skips a level is drawn as a curve around the neurons it passes.
In a big network the labels hide until they are readable: hover a neuron or a line to
see its numbers.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Try: select a connection to see its gradient worked out in the Inspector; drag
from a neuron&apos;s edge to another to add a connection.&lt;/p&gt;
&lt;p&gt;For a function document this panel shows the function instead: its lines, its
computational graph (one box per operation with its value and gradient), a step-through
of backprop on it, and ∂f/∂x written as the sum over every path from x to f.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;你正在训练的网络，输入在左，输出在右。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;线&lt;/b&gt;：连接。蓝色是正权重，橙色是负权重；线越宽，权重相对其他权重越大。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;圆盘&lt;/b&gt;：神经元，里面是它的激活函数（tanh、σ、ReLU、lin），下面是它的编号。圆环的颜色表示偏置的正负，粗细表示大小。&lt;/li&gt;
&lt;li&gt;跨过某个层级的连接画成绕开途经神经元的曲线。网络较大时，标签会隐藏，直到能看清为止：把鼠标悬停在神经元或线上即可查看数值。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;试试：选中一条连接，在“检查器”中查看它的梯度是怎样算出来的；从一个神经元的边缘拖到另一个神经元以添加连接。&lt;/p&gt;
&lt;p&gt;对于函数文档，这个面板显示的是函数：各行定义、计算图（每个运算一个方框，带有值和梯度）、在图上逐步执行反向传播，以及把 ∂f/∂x 写成从 x 到 f 的每条路径之和。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>
&lt;p&gt;The training data and what the network makes of it.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Two inputs&lt;/b&gt;: the axes are x1 and x2; the pale background is the network&apos;s
output at every point of the plane, blue where it is high (positive), orange where it
is low, white in between: the decision boundary.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Points&lt;/b&gt;: filled circles are training points, hollow ones test points,
coloured by their true value.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;One input&lt;/b&gt;: the points and the curve the network fits through them;
&lt;b&gt;more&lt;/b&gt;: the prediction against the target for each point.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Try: add noise in the Controls and watch the test points; turn on more input
features (x1², sin x1 …) and see the boundary bend.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;训练数据，以及网络对它的理解。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;两个输入&lt;/b&gt;：坐标轴是 x1 和 x2；浅色背景是网络在平面上每一点的输出，高（正）处为蓝色，低处为橙色，介于两者之间为白色：这就是决策边界。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;点&lt;/b&gt;：实心圆是训练点，空心圆是测试点，按真实值着色。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;一个输入&lt;/b&gt;：这些点以及网络拟合出的曲线；&lt;b&gt;更多输入&lt;/b&gt;：每个点的预测值对目标值。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;试试：在控制面板中加入噪声，观察测试点；打开更多输入特征（x1²、sin x1 …），看边界如何弯曲。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Loss per step</source>
        <translation>每步损失</translation>
    </message>
    <message>
        <source>
&lt;p&gt;How the loss has changed during training.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;x axis&lt;/b&gt;: training steps (updates of the parameters).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;y axis&lt;/b&gt;: the loss, on a log scale when &lt;i&gt;log scale&lt;/i&gt; is ticked.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Blue&lt;/b&gt;: the loss on the training points; &lt;b&gt;red&lt;/b&gt;: on the test points. A
widening gap between them is overfitting.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Purple, right axis&lt;/b&gt;: the sharpness λmax, the largest curvature of the loss at
the current point, measured every few steps. &lt;b&gt;Dashed&lt;/b&gt;: the edge 2/lr. Gradient
descent settles along the sharpest direction only while λmax stays below 2/lr; above
it each step overshoots further, and the status bar says &lt;i&gt;past edge&lt;/i&gt;.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Hover the curve for the values at a step. While the timeline shows an earlier
step, a red line marks it. View ▸ Sharpness hides the purple curve.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;训练过程中损失的变化。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;x 轴&lt;/b&gt;：训练步数（参数的更新次数）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;y 轴&lt;/b&gt;：损失；勾选&lt;i&gt;对数坐标&lt;/i&gt;时按对数刻度显示。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;蓝色&lt;/b&gt;：训练点上的损失；&lt;b&gt;红色&lt;/b&gt;：测试点上的损失。两者差距越拉越大就是过拟合。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;紫色，右轴&lt;/b&gt;：锐度 λmax，即损失在当前点的最大曲率，每隔几步测量一次。&lt;b&gt;虚线&lt;/b&gt;：边界 2/lr。只有当 λmax 保持在 2/lr 以下时，梯度下降才能沿最陡方向稳定下来；超过它，每一步都越冲越远，状态栏会显示&lt;i&gt;超过边界&lt;/i&gt;。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;把鼠标悬停在曲线上可查看某一步的数值。时间线显示较早的某一步时，会有一条红线标出它。“视图 ▸ 锐度”可隐藏紫色曲线。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>3-D surface</source>
        <translation>三维曲面</translation>
    </message>
    <message>
        <source>
&lt;p&gt;The landscape&apos;s current slice as a surface you can turn: the same grid, colours and
path as the 2-D view.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Height and colour&lt;/b&gt;: the loss (its logarithm when &lt;i&gt;log colour&lt;/i&gt; is ticked),
clipped where the 2-D colour bar is; thin lines are its contours.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Path&lt;/b&gt;: white, from the green start to the red current point, drawn over the
surface so a hill in front does not hide it.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Mouse&lt;/b&gt;: drag to turn, the wheel to zoom.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;It needs OpenGL; where there is none the panel says so.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;把损失曲面当前的切片画成一个可以旋转的曲面：网格、颜色和路径与二维视图相同。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;高度和颜色&lt;/b&gt;：损失（勾选&lt;i&gt;对数着色&lt;/i&gt;时为其对数），在二维色条截断处同样截断；细线是等高线。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;路径&lt;/b&gt;：白色，从绿色起点到红色当前点，画在曲面之上，前面的山丘不会挡住它。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;鼠标&lt;/b&gt;：拖动旋转，滚轮缩放。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;它需要 OpenGL；没有 OpenGL 时面板会说明。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Loss along a line</source>
        <translation>沿直线的损失</translation>
    </message>
    <message>
        <source>
&lt;p&gt;The loss on a straight line through parameter space: a one-dimensional slice.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Start → current point&lt;/b&gt;: α = 0 is where training started (green), α = 1
where it is now (red), extended to −0.5 and 1.5. A curve that falls all the way from
0 to 1 with no bump says the run met no barrier on the straight way (Goodfellow et al.
2015).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Sharpest direction&lt;/b&gt;: the line through the current point along the Hessian&apos;s
top eigenvector, the direction a too-large learning rate blows up first. The dashed
curve is the quadratic model the curvature λ predicts; where the two part, the loss
is no longer a parabola.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;Try: raise the learning rate past 2/λmax and watch the current point climb the
walls of the sharpest direction.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;参数空间中一条直线上的损失：一维切片。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;起点 → 当前点&lt;/b&gt;：α = 0 是训练开始处（绿色），α = 1 是现在所在处（红色），两端延伸到 −0.5 和 1.5。如果曲线从 0 到 1 一路下降、没有隆起，说明这次运行在这条直路上没有遇到障碍（Goodfellow et al. 2015）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;最陡方向&lt;/b&gt;：过当前点、沿海森矩阵最大特征向量的直线，也就是学习率过大时最先发散的方向。虚线是曲率 λ 所预测的二次模型；两者分开的地方，损失就不再是抛物线了。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;试试：把学习率调到超过 2/λmax，看当前点沿最陡方向的山壁往上爬。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制面板</translation>
    </message>
    <message>
        <source>
&lt;p&gt;Everything that decides how the network learns. Changes apply at once; the learning
rate and the speed even while training runs.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Run&lt;/b&gt;: Play/Pause (Space), one Step (S), one Epoch (Shift+Space), Reset (R).
The speed slows training down to a pace you can follow.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Loss and optimizer&lt;/b&gt;: what is minimised and how each step is taken.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Network&lt;/b&gt; and &lt;b&gt;Data&lt;/b&gt;: activations, the data set, noise, and which input
features feed the network.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;The mouse wheel changes a setting only after you click it; otherwise it scrolls
the panel. Shift+F1 then a click on a control says what it does.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;决定网络如何学习的一切设置。修改立即生效；学习率和速度甚至可以在训练运行时修改。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;运行&lt;/b&gt;：播放/暂停（空格）、单步（S）、一轮（Shift+空格）、重置（R）。速度可以让训练慢到你能跟上。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;损失与优化器&lt;/b&gt;：最小化什么，以及每一步怎么走。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;网络&lt;/b&gt;和&lt;b&gt;数据&lt;/b&gt;：激活函数、数据集、噪声，以及把哪些输入特征送入网络。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;只有先点击某个设置，鼠标滚轮才会改变它；否则滚轮用于滚动面板。按 Shift+F1 再点击某个控件，可以查看它的作用。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Inspector: chain rule</source>
        <translation>检查器：链式法则</translation>
    </message>
    <message>
        <source>
&lt;p&gt;How backpropagation computes the gradient of the selected connection or neuron.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;dL/dw = Σ δ·a&lt;/b&gt;: the error signal δ of the neuron the connection feeds, times
the activation a flowing along it, summed (or averaged) over the samples.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Paths&lt;/b&gt;: every route from the weight to the loss, each a product of local
derivatives; their sum is the gradient.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;One sample / all samples&lt;/b&gt;: the numbers for one training point, or over the
whole training set as a full-batch step uses them.&lt;/li&gt;
&lt;/ul&gt;</source>
        <translation>
&lt;p&gt;反向传播如何计算选中连接或神经元的梯度。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;dL/dw = Σ δ·a&lt;/b&gt;：连接所指向的神经元的误差信号 δ，乘以沿连接流过的激活值 a，再对样本求和（或取平均）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;路径&lt;/b&gt;：从权重到损失的每条路线，每条都是局部导数之积；它们的和就是梯度。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;单个样本 / 全部样本&lt;/b&gt;：一个训练点上的数值，或像全批量一步那样在整个训练集上的数值。&lt;/li&gt;
&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Optimizer race</source>
        <translation>优化器竞速</translation>
    </message>
    <message>
        <source>
&lt;p&gt;Several optimizer settings started from the same point and stepped side by side
(one batched pass per step for all of them).&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Runners&lt;/b&gt;: &lt;code&gt;NAME:key=value&lt;/code&gt; separated by commas, e.g.
&lt;code&gt;sgd:lr=0.1,momentum:lr=0.1:momentum=0.9,adam:lr=0.1&lt;/code&gt;; add
&lt;code&gt;@cosine:period=200&lt;/code&gt; to give one its own learning-rate schedule.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Playback&lt;/b&gt;: the race plays at the pace chosen beside it (the same steps per
second as a single run); Pause, Play and Step work as for training, and the paths, the
loss curves and the table grow as the runners go.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Start&lt;/b&gt;: the run&apos;s start point (double-click the landscape to set it) or where
training is now. &lt;b&gt;Batch&lt;/b&gt;: points per step, the same batch for every runner.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Picture&lt;/b&gt;: each runner&apos;s path over the landscape of the plane they share (a
function&apos;s own variables, the PCA plane of all paths, or two parameters you choose),
its loss by step beside it.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Table&lt;/b&gt;: loss, the step at which the loss first reached the tolerance,
and where a runner diverged.&lt;/li&gt;
&lt;/ul&gt;</source>
        <translation>
&lt;p&gt;几组优化器设置从同一点出发，并排前进（每一步对所有选手做一次批量计算）。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;选手&lt;/b&gt;：用逗号分隔的 &lt;code&gt;NAME:key=value&lt;/code&gt;，例如 &lt;code&gt;sgd:lr=0.1,momentum:lr=0.1:momentum=0.9,adam:lr=0.1&lt;/code&gt;；加上 &lt;code&gt;@cosine:period=200&lt;/code&gt; 可为某一项单独指定学习率调度。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;回放&lt;/b&gt;：竞速按旁边选定的速度进行（与单次训练相同的每秒步数）；暂停、播放和单步的用法与训练相同，路径、损失曲线和表格随选手前进而增长。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;起点&lt;/b&gt;：本次运行的起点（双击损失曲面来设置）或训练当前所在的位置。&lt;b&gt;批量&lt;/b&gt;：每一步的点数，所有选手使用同一批。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;图&lt;/b&gt;：每名选手在共同平面（函数自身的变量、所有路径的主成分平面，或你选择的两个参数）的损失曲面上的路径，旁边是它每一步的损失。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;表&lt;/b&gt;：损失、损失第一次达到容差的步数，以及选手在哪里发散。&lt;/li&gt;
&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>Jacobians by level</source>
        <translation>逐层级的雅可比矩阵</translation>
    </message>
    <message>
        <source>
&lt;p&gt;How the activations of one level change with those of an earlier level, as a
matrix of partial derivatives (a Jacobian) per level. Multiplying them gives the
Jacobian across several levels: the chain rule written as a matrix product.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;一个层级的激活值如何随前面某个层级的激活值变化：每个层级一个偏导数矩阵（雅可比矩阵）。把它们相乘，就得到跨越多个层级的雅可比矩阵：写成矩阵乘积的链式法则。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Step-through: backprop</source>
        <translation>逐步执行：反向传播</translation>
    </message>
    <message>
        <source>
&lt;p&gt;One round of training, one operation at a time.&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;Forward&lt;/b&gt;: each neuron&apos;s weighted sum and activation.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Loss&lt;/b&gt;: the error at the outputs.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Backward&lt;/b&gt;: the gradient table filling in from the loss back to the inputs,
each entry reusing the ones after it.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Update&lt;/b&gt;: every parameter moving against its gradient.&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;The drawing highlights the neuron the current step is about. Left/Right arrows move
through the steps; Escape leaves.&lt;/p&gt;</source>
        <translation>
&lt;p&gt;一轮训练，每次一个操作。&lt;/p&gt;
&lt;ul&gt;
&lt;li&gt;&lt;b&gt;前向&lt;/b&gt;：每个神经元的加权和与激活值。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;损失&lt;/b&gt;：输出端的误差。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;反向&lt;/b&gt;：梯度表从损失一路填回输入，每一项都复用它后面的项。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;更新&lt;/b&gt;：每个参数沿梯度的反方向移动。&lt;/li&gt;
&lt;/ul&gt;
&lt;p&gt;图中会高亮当前步骤所涉及的神经元。左/右方向键在步骤间移动；Esc 退出。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Parameters</name>
    <message>
        <source>the network changed</source>
        <translation>网络已改变</translation>
    </message>
    <message>
        <source>no network is open</source>
        <translation>没有打开的网络</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>The interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Language saved: restart Backprop Playground to apply it.</source>
        <translation>语言已保存：重新启动 Backprop Playground 后生效。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>The language changes when Backprop Playground starts again. System follows the desktop&apos;s language.</source>
        <translation>语言会在 Backprop Playground 下次启动时生效。“跟随系统”使用桌面环境的语言。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>Probe</name>
    <message>
        <source>the training batch</source>
        <translation>训练批次</translation>
    </message>
    <message>
        <source>the training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>over {batch} ({points} points):</source>
        <translation>在{batch}上（{points} 个点）：</translation>
    </message>
    <message>
        <source>  value: mean {a_mean:.4g}, from {a_min:.4g} to {a_max:.4g}</source>
        <translation>  值：均值 {a_mean:.4g}，范围 {a_min:.4g} 到 {a_max:.4g}</translation>
    </message>
    <message>
        <source>  pre-activation z: mean {z_mean:.4g}</source>
        <translation>  激活前 z：均值 {z_mean:.4g}</translation>
    </message>
    <message>
        <source>  activation a: mean {a_mean:.4g}, from {a_min:.4g} to {a_max:.4g}</source>
        <translation>  激活值 a：均值 {a_mean:.4g}，范围 {a_min:.4g} 到 {a_max:.4g}</translation>
    </message>
    <message>
        <source>  delta ∂L/∂z: sum {delta_sum:.4g}</source>
        <translation>  δ = ∂L/∂z：总和 {delta_sum:.4g}</translation>
    </message>
</context>
<context>
    <name>Problem</name>
    <message>
        <source>all {n_samples} training samples</source>
        <translation>全部 {n_samples} 个训练样本</translation>
    </message>
    <message>
        <source>sample {sample}: x = ({xs}), y = ({ys})</source>
        <translation>样本 {sample}：x = ({xs})，y = ({ys})</translation>
    </message>
    <message>
        <source> (training itself uses mini-batches of {b})</source>
        <translation>（训练本身使用大小为 {b} 的小批量）</translation>
    </message>
    <message>
        <source>sample {sample}: {ins}; target {outs}</source>
        <translation>样本 {sample}：{ins}；目标值 {outs}</translation>
    </message>
</context>
<context>
    <name>PropertiesDialog</name>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>a human title, e.g. XOR with a 2-4-1 tanh network</source>
        <translation>给人看的标题，例如“用 2-4-1 tanh 网络学 XOR”</translation>
    </message>
    <message>
        <source>What the network shows and what to try</source>
        <translation>这个网络展示什么，可以尝试什么</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>RacePanel</name>
    <message>
        <source>runner</source>
        <translation>选手</translation>
    </message>
    <message>
        <source>steps to tolerance</source>
        <translation>达到容差的步数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>Comma-separated NAME[:key=value...]; end one with @SCHEDULE to give it its own learning-rate schedule</source>
        <translation>用逗号分隔的 NAME[:key=value...]；在某一项末尾加 @SCHEDULE 可为它单独指定学习率调度</translation>
    </message>
    <message>
        <source>How many steps each runner makes</source>
        <translation>每名选手走多少步</translation>
    </message>
    <message>
        <source>A runner has arrived when its loss is at most this</source>
        <translation>选手的损失不超过此值即算到达</translation>
    </message>
    <message>
        <source>all points</source>
        <translation>全部点</translation>
    </message>
    <message>
        <source>Points per step, the same batch for every runner (all points: full-batch descent)</source>
        <translation>每一步的点数，所有选手使用同一批（全部点：全批量下降）</translation>
    </message>
    <message>
        <source>the start point</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>where training is now</source>
        <translation>训练当前所在位置</translation>
    </message>
    <message>
        <source>Where every runner starts: the run&apos;s start point (set it by double-clicking the landscape) or the current parameters</source>
        <translation>每名选手从哪里出发：本次运行的起点（双击损失曲面来设置）或当前参数</translation>
    </message>
    <message>
        <source>The plane the paths are drawn on</source>
        <translation>绘制路径所在的平面</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>竞速</translation>
    </message>
    <message>
        <source>Start the race from the start (training pauses)</source>
        <translation>从起点开始竞速（训练会暂停）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One step of every runner</source>
        <translation>每名选手走一步</translation>
    </message>
    <message>
        <source>runners</source>
        <translation>选手</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>the variables {names}</source>
        <translation>变量 {names}</translation>
    </message>
    <message>
        <source>PCA plane of all paths</source>
        <translation>所有路径的主成分平面</translation>
    </message>
    <message>
        <source>two parameters</source>
        <translation>两个参数</translation>
    </message>
    <message>
        <source>Not raced: {why}</source>
        <translation>未能竞速：{why}</translation>
    </message>
    <message>
        <source>Not raced: choose two different parameters for the plane</source>
        <translation>未能竞速：请为平面选择两个不同的参数</translation>
    </message>
    <message>
        <source>Racing…</source>
        <translation>竞速中…</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>racing</source>
        <translation>竞速中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>{state}: step {step:,} of {target:,}; {n} runners, {k} reached the tolerance</source>
        <translation>{state}：第 {step:,} / {target:,} 步；{n} 名选手，{k} 名达到容差</translation>
    </message>
</context>
<context>
    <name>RacePicture</name>
    <message>
        <source>log₁₀ loss</source>
        <translation>log₁₀ 损失</translation>
    </message>
    <message>
        <source>log₁₀(loss − ({lo:.3g}))</source>
        <translation>log₁₀(损失 − ({lo:.3g}))</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>loss {final:.3g}</source>
        <translation>损失 {final:.3g}</translation>
    </message>
    <message>
        <source>no loss</source>
        <translation>无损失值</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>RacePlots</name>
    <message>
        <source>paths over the landscape</source>
        <translation>损失曲面上的路径</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>loss by step</source>
        <translation>每步损失</translation>
    </message>
    <message>
        <source>known minimum</source>
        <translation>已知极小值</translation>
    </message>
</context>
<context>
    <name>RunActions</name>
    <message>
        <source>Play / Pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One epoch</source>
        <translation>一轮</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
</context>
<context>
    <name>SampleChooser</name>
    <message>
        <source>all samples</source>
        <translation>全部样本</translation>
    </message>
    <message>
        <source>Which training sample the numbers are for</source>
        <translation>数值对应哪个训练样本</translation>
    </message>
    <message>
        <source> (all: the training set)</source>
        <translation>（全部：整个训练集）</translation>
    </message>
    <message>
        <source>sample {value}</source>
        <translation>样本 {value}</translation>
    </message>
</context>
<context>
    <name>SampleNote</name>
    <message>
        <source>All samples: each number is averaged over the {count}training samples, the gradient a full-batch step follows.</source>
        <translation>全部样本：每个数都是对 {count}个训练样本的平均，即全批量一步所沿的梯度。</translation>
    </message>
    <message>
        <source>All samples: each number is summed over the {count}training samples, the gradient a full-batch step follows.</source>
        <translation>全部样本：每个数都是对 {count}个训练样本的求和，即全批量一步所沿的梯度。</translation>
    </message>
    <message>
        <source>One sample: the numbers for sample {sample} alone; training uses them averaged over all {count}samples.</source>
        <translation>单个样本：只看样本 {sample} 的数；训练时对全部 {count}个样本取平均。</translation>
    </message>
    <message>
        <source>One sample: the numbers for sample {sample} alone; training uses them summed over all {count}samples.</source>
        <translation>单个样本：只看样本 {sample} 的数；训练时对全部 {count}个样本求和。</translation>
    </message>
</context>
<context>
    <name>ScheduleControls</name>
    <message>
        <source>constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>every (steps)</source>
        <translation>间隔（步）</translation>
    </message>
    <message>
        <source>× gamma</source>
        <translation>× gamma</translation>
    </message>
    <message>
        <source>period (steps)</source>
        <translation>周期（步）</translation>
    </message>
    <message>
        <source>floor (share of lr)</source>
        <translation>下限（学习率的比例）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Climb linearly to the full rate over this many steps first</source>
        <translation>先在这么多步内线性升到完整学习率（预热）</translation>
    </message>
    <message>
        <source>schedule</source>
        <translation>调度</translation>
    </message>
    <message>
        <source>The learning rate over the coming steps</source>
        <translation>接下来各步的学习率</translation>
    </message>
    <message>
        <source>warm-up</source>
        <translation>预热</translation>
    </message>
</context>
<context>
    <name>SetParameterCommand</name>
    <message>
        <source>Set Weight</source>
        <translation>设置权重</translation>
    </message>
    <message>
        <source>Set Bias</source>
        <translation>设置偏置</translation>
    </message>
</context>
<context>
    <name>SetPropertiesCommand</name>
    <message>
        <source>Change title and description</source>
        <translation>修改标题和说明</translation>
    </message>
</context>
<context>
    <name>Sharpness</name>
    <message>
        <source>λmax not tracked</source>
        <translation>λmax 未跟踪</translation>
    </message>
    <message>
        <source>λmax {lam}</source>
        <translation>λmax {lam}</translation>
    </message>
    <message>
        <source>past edge: λmax {lam} &gt; {name} {edge}</source>
        <translation>超过边界：λmax {lam} &gt; {name} {edge}</translation>
    </message>
    <message>
        <source>λmax {lam} ≤ {name} {edge}</source>
        <translation>λmax {lam} ≤ {name} {edge}</translation>
    </message>
    <message>
        <source>Sharpness: the largest eigenvalue λmax of the loss&apos;s Hessian at the current parameters, measured every few steps. Gradient descent with rate lr settles along the sharpest direction only while λmax &lt; 2/lr (momentum moves this edge); past it every step overshoots further and the run diverges.</source>
        <translation>锐度：损失的海森矩阵在当前参数处的最大特征值 λmax，每隔几步测量一次。学习率为 lr 的梯度下降只有在 λmax &lt; 2/lr 时才能沿最陡的方向稳定下来（动量会移动这个边界）；超过它，每一步都越冲越远，运行会发散。</translation>
    </message>
    <message>
        <source>λmax (sharpness)</source>
        <translation>λmax（锐度）</translation>
    </message>
    <message>
        <source>λmax (right axis)</source>
        <translation>λmax（右轴）</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>(window)</source>
        <translation>（窗口）</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Keyboard shortcuts&lt;/h3&gt;&lt;table cellspacing=&apos;0&apos; cellpadding=&apos;3&apos; border=&apos;0&apos;&gt;&lt;tr&gt;&lt;th align=&apos;left&apos;&gt;Menu&lt;/th&gt;&lt;th align=&apos;left&apos;&gt;Action&lt;/th&gt;&lt;th align=&apos;left&apos;&gt;Keys&lt;/th&gt;&lt;/tr&gt;{cells}&lt;/table&gt;&lt;p&gt;In the step-through: ← previous step, → next, End runs to the end, Esc leaves.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;键盘快捷键&lt;/h3&gt;&lt;table cellspacing=&apos;0&apos; cellpadding=&apos;3&apos; border=&apos;0&apos;&gt;&lt;tr&gt;&lt;th align=&apos;left&apos;&gt;菜单&lt;/th&gt;&lt;th align=&apos;left&apos;&gt;操作&lt;/th&gt;&lt;th align=&apos;left&apos;&gt;按键&lt;/th&gt;&lt;/tr&gt;{cells}&lt;/table&gt;&lt;p&gt;在逐步执行中：← 上一步，→ 下一步，End 运行到结束，Esc 退出。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Source</name>
    <message>
        <source>these views explain networks; a function&apos;s computational graph, its step-through and its gradient paths are in the Function graph dock</source>
        <translation>这些视图用于解释网络；函数的计算图、逐步执行和梯度路径在“函数图”面板中</translation>
    </message>
</context>
<context>
    <name>StartPoint</name>
    <message>
        <source>Start at {point}</source>
        <translation>从 {point} 开始</translation>
    </message>
</context>
<context>
    <name>StepThroughPanel</name>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause training and step through one round of backprop</source>
        <translation>暂停训练，逐步执行一轮反向传播</translation>
    </message>
    <message>
        <source>Go to the first {phase} step</source>
        <translation>跳到第一个“{phase}”步骤</translation>
    </message>
    <message>
        <source>Numbers for</source>
        <translation>数值取自</translation>
    </message>
    <message>
        <source>Gradient table</source>
        <translation>梯度表</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Run to end</source>
        <translation>运行到结束</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Laying out the steps…&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;正在排列步骤…&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Step through backpropagation&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;逐步执行反向传播&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;bad&quot;&gt;Cannot lay out the steps: {message}&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;bad&quot;&gt;无法排列步骤：{message}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>the file&apos;s parameters</source>
        <translation>文件中的参数</translation>
    </message>
    <message>
        <source>paused at step {step_count:,}</source>
        <translation>暂停于第 {step_count:,} 步</translation>
    </message>
    <message>
        <source>step {index} / {steps} · {when}</source>
        <translation>第 {index} / {steps} 步 · {when}</translation>
    </message>
</context>
<context>
    <name>StepthroughPanel</name>
    <message>
        <source>Forward</source>
        <translation>前向</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Step through backpropagation&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;逐步执行反向传播&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Follow one round of training on the network you drew, one computation at a time:&lt;/p&gt;</source>
        <translation>&lt;p&gt;在你画的网络上跟随一轮训练，每次一个计算：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&apos;line&apos;&gt;&lt;b&gt;Forward&lt;/b&gt;: each neuron&apos;s z and a, in topological order.&lt;br&gt;&lt;b&gt;Loss&lt;/b&gt;: how far the outputs are from the targets.&lt;br&gt;&lt;b&gt;Backward&lt;/b&gt;: each neuron&apos;s δ = ∂L/∂z in reverse order, and from it the gradient of every incoming weight and bias.&lt;br&gt;&lt;b&gt;Update&lt;/b&gt;: the optimizer&apos;s step, old value → new value.&lt;/p&gt;</source>
        <translation>&lt;p class=&apos;line&apos;&gt;&lt;b&gt;前向&lt;/b&gt;：按拓扑顺序计算每个神经元的 z 和 a。&lt;br&gt;&lt;b&gt;损失&lt;/b&gt;：输出离目标值有多远。&lt;br&gt;&lt;b&gt;反向&lt;/b&gt;：按相反顺序计算每个神经元的 δ = ∂L/∂z，再由它得到每个输入权重和偏置的梯度。&lt;br&gt;&lt;b&gt;更新&lt;/b&gt;：优化器的一步，旧值 → 新值。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p class=&apos;muted&apos;&gt;Choose one training sample to see every number plugged in, or all samples for the batch gradient, then press Start. Training pauses while you step.&lt;/p&gt;</source>
        <translation>&lt;p class=&apos;muted&apos;&gt;选择一个训练样本以查看代入的每个数，或选择全部样本以查看整批梯度，然后按“开始”。逐步执行期间训练会暂停。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>{phase} {kind_index} of {kind_count} · step {index} of {steps}</source>
        <translation>{phase} 第 {kind_index}/{kind_count} 步 · 总第 {index}/{steps} 步</translation>
    </message>
    <message>
        <source>&lt;p class=&quot;muted&quot;&gt;({note})&lt;/p&gt;</source>
        <translation>&lt;p class=&quot;muted&quot;&gt;（{note}）&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p style=&quot;margin-top:8px&quot;&gt;&lt;span style=&quot;color:{COMPUTED}&quot;&gt;■&lt;/span&gt; computes {computes}&lt;/p&gt;</source>
        <translation>&lt;p style=&quot;margin-top:8px&quot;&gt;&lt;span style=&quot;color:{COMPUTED}&quot;&gt;■&lt;/span&gt; 计算 {computes}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;span style=&quot;color:{USED}&quot;&gt;■&lt;/span&gt; from {uses}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;span style=&quot;color:{USED}&quot;&gt;■&lt;/span&gt; 来自 {uses}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <source>The 3-D view needs OpenGL, which is not available here ({why}). Every other view works without it.</source>
        <translation>三维视图需要 OpenGL，但这里不可用（{why}）。其他视图都不需要它。</translation>
    </message>
    <message>
        <source>Drag to turn, wheel to zoom, double-click to reset.</source>
        <translation>拖动旋转，滚轮缩放，双击复位。</translation>
    </message>
    <message>
        <source>loss {lo} to {hi}{log}</source>
        <translation>损失 {lo} 到 {hi}{log}</translation>
    </message>
    <message>
        <source> (log)</source>
        <translation>（对数）</translation>
    </message>
    <message>
        <source>loss (log)</source>
        <translation>损失（对数）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>x: {x}, y: {y}; height and colour: {loss}. Drag to turn, wheel to zoom.</source>
        <translation>x：{x}，y：{y}；高度和颜色：{loss}。拖动旋转，滚轮缩放。</translation>
    </message>
</context>
<context>
    <name>TableJob</name>
    <message>
        <source>reading</source>
        <translation>读取中</translation>
    </message>
    <message>
        <source>{n} rows read</source>
        <translation>已读取 {n} 行</translation>
    </message>
    <message>
        <source>converting column {j} of {n}</source>
        <translation>正在转换第 {j} / {n} 列</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Drag to look back through the recorded run (when paused). This only shows the past: the run stays where it is, and Play continues from its live state.</source>
        <translation>拖动以回看记录下来的运行（暂停时）。这只显示过去：运行本身停在原处，按“播放”会从实时状态继续。</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Show the run&apos;s current step again</source>
        <translation>重新显示运行的当前步</translation>
    </message>
    <message>
        <source>timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>尚无运行</translation>
    </message>
    <message>
        <source>step {n} (pause to look back)</source>
        <translation>第 {n} 步（暂停后可回看）</translation>
    </message>
    <message>
        <source>step {n} (live)</source>
        <translation>第 {n} 步（实时）</translation>
    </message>
    <message>
        <source>viewing step {s} of {n}: Play goes on from {n}</source>
        <translation>正在查看第 {s} / {n} 步：播放将从第 {n} 步继续</translation>
    </message>
</context>
<context>
    <name>Toolbar</name>
    <message>
        <source>Glorot uniform</source>
        <translation>Glorot 均匀分布</translation>
    </message>
    <message>
        <source>He normal</source>
        <translation>He 正态分布</translation>
    </message>
    <message>
        <source>uniform ±0.5</source>
        <translation>均匀分布 ±0.5</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>全零</translation>
    </message>
</context>
<context>
    <name>Tools</name>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Jacobians</source>
        <translation>雅可比矩阵</translation>
    </message>
    <message>
        <source>Step-through</source>
        <translation>逐步执行</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>检查器(&amp;I)</translation>
    </message>
    <message>
        <source>The chain rule behind the selected connection&apos;s or neuron&apos;s gradient</source>
        <translation>选中连接或神经元的梯度背后的链式法则</translation>
    </message>
    <message>
        <source>&amp;Step through backprop</source>
        <translation>逐步执行反向传播(&amp;S)</translation>
    </message>
    <message>
        <source>Pause training and follow forward, backward and update one step at a time</source>
        <translation>暂停训练，一步一步地跟随前向、反向和更新</translation>
    </message>
    <message>
        <source>&amp;Jacobians</source>
        <translation>雅可比矩阵(&amp;J)</translation>
    </message>
    <message>
        <source>∂a(later level)/∂a(earlier level) as a product of level Jacobians</source>
        <translation>∂a(后层级)/∂a(前层级) 写成各层级雅可比矩阵的乘积</translation>
    </message>
    <message>
        <source>&amp;Check gradients…</source>
        <translation>梯度检验(&amp;C)…</translation>
    </message>
    <message>
        <source>Compare backprop with finite differences for every parameter</source>
        <translation>对每个参数比较反向传播与有限差分</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>Nothing to train yet: the data set has no points. Click in the data view to add some.</source>
        <translation>还没有可训练的内容：数据集中没有点。请在数据视图中单击添加一些点。</translation>
    </message>
    <message>
        <source>Nothing to train: this document could not be built (the message above says why).</source>
        <translation>没有可训练的内容：这个文档无法构建（上面的消息说明了原因）。</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>taking the new document</source>
        <translation>接收新文档</translation>
    </message>
    <message>
        <source>applying the edit</source>
        <translation>应用编辑</translation>
    </message>
    <message>
        <source>starting training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>training an epoch</source>
        <translation>训练一轮</translation>
    </message>
    <message>
        <source>changing the learning rate</source>
        <translation>修改学习率</translation>
    </message>
    <message>
        <source>changing the speed</source>
        <translation>修改速度</translation>
    </message>
    <message>
        <source>drawing the run</source>
        <translation>绘制本次运行</translation>
    </message>
    <message>
        <source>saving the run&apos;s state</source>
        <translation>保存运行状态</translation>
    </message>
    <message>
        <source>no details</source>
        <translation>无详细信息</translation>
    </message>
    <message>
        <source>training paused: {what} failed ({name}: {why})</source>
        <translation>训练已暂停：{what}失败（{name}：{why}）</translation>
    </message>
    <message>
        <source>a training step</source>
        <translation>一个训练步</translation>
    </message>
</context>
<context>
    <name>WhatsThis</name>
    <message>
        <source>Start or pause training (Space). Training runs in the background; every view follows it live.</source>
        <translation>开始或暂停训练（空格）。训练在后台运行；每个视图都实时跟随。</translation>
    </message>
    <message>
        <source>Make one update of the parameters (S): one batch, one step downhill.</source>
        <translation>对参数做一次更新（S）：一个批次，向下走一步。</translation>
    </message>
    <message>
        <source>Train until every training point has been used once (Shift+Space).</source>
        <translation>训练到每个训练点都被用过一次（Shift+空格）。</translation>
    </message>
    <message>
        <source>Back to the starting parameters; the history and the path are cleared (R).</source>
        <translation>回到初始参数；清空历史和路径（R）。</translation>
    </message>
    <message>
        <source>The learning rate: how far each step moves against the gradient. Too small crawls; too large overshoots and can diverge. It changes while training runs.</source>
        <translation>学习率：每一步沿梯度反方向走多远。太小则爬得慢；太大则会越过极小值，甚至发散。训练运行时也可以修改。</translation>
    </message>
    <message>
        <source>Steps per second. 0 trains as fast as the computer can; 1 lets you follow every single step on the landscape.</source>
        <translation>每秒步数。0 表示计算机能多快就多快；1 让你能在损失曲面上跟随每一步。</translation>
    </message>
    <message>
        <source>What is minimised: how wrong a prediction is, per sample.</source>
        <translation>被最小化的量：每个样本的预测错得有多离谱。</translation>
    </message>
    <message>
        <source>mean averages the per-sample losses over the batch, sum adds them up (so the gradient grows with the batch).</source>
        <translation>“均值”对批次中各样本的损失取平均，“求和”把它们加起来（因此梯度随批量增大）。</translation>
    </message>
    <message>
        <source>How each step uses the gradient: plain SGD, with momentum, or adaptive (Adam, RMSprop …) with a step size per parameter.</source>
        <translation>每一步如何使用梯度：普通 SGD、带动量，或自适应方法（Adam、RMSprop …），每个参数有自己的步长。</translation>
    </message>
    <message>
        <source>How many training points each step looks at. All: full-batch gradient descent, the same step every time; fewer: noisier, cheaper steps.</source>
        <translation>每一步看多少个训练点。全部：全批量梯度下降，每次的步都一样；更少：步更嘈杂，但更省计算。</translation>
    </message>
    <message>
        <source>A penalty on large weights added to the loss (L2 pulls every weight towards 0, L1 pushes small ones to exactly 0).</source>
        <translation>加到损失上的、对大权重的惩罚（L2 把每个权重拉向 0，L1 把小权重推到恰好为 0）。</translation>
    </message>
    <message>
        <source>How strongly the penalty counts against the data&apos;s loss.</source>
        <translation>惩罚项相对于数据损失的权重有多大。</translation>
    </message>
    <message>
        <source>The activation of every hidden neuron: the bend that lets the network draw curved boundaries.</source>
        <translation>每个隐藏神经元的激活函数：正是这种弯曲让网络能画出弯曲的边界。</translation>
    </message>
    <message>
        <source>The activation of the output neurons (linear for regression, or logits for the cross-entropy loss).</source>
        <translation>输出神经元的激活函数（回归用线性，交叉熵损失则输出 logits）。</translation>
    </message>
    <message>
        <source>The points to learn from, made by a named generator with a seed.</source>
        <translation>用于学习的点，由指定名称的生成器按随机种子生成。</translation>
    </message>
    <message>
        <source>How much the points are scattered around the pattern.</source>
        <translation>点在图案周围散布的程度。</translation>
    </message>
    <message>
        <source>The share of the points used for training; the rest test how well the network generalises.</source>
        <translation>用于训练的点所占比例；其余的点用来测试网络的泛化能力。</translation>
    </message>
    <message>
        <source>New points from the next seed, same pattern.</source>
        <translation>用下一个随机种子生成新的点，图案不变。</translation>
    </message>
    <message>
        <source>Feed the input feature {feature} to the network. Features such as x1² let even a network without hidden neurons draw curves.</source>
        <translation>把输入特征 {feature} 送入网络。像 x1² 这样的特征，甚至能让没有隐藏神经元的网络画出曲线。</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <source>Controls: run, optimizer, data</source>
        <translation>控制：运行、优化器、数据</translation>
    </message>
    <message>
        <source>Network: weights and biases</source>
        <translation>网络：权重与偏置</translation>
    </message>
    <message>
        <source>Data: model output</source>
        <translation>数据：模型输出</translation>
    </message>
    <message>
        <source>Loss per step</source>
        <translation>每步损失</translation>
    </message>
    <message>
        <source>Inspector: chain rule</source>
        <translation>检查器：链式法则</translation>
    </message>
    <message>
        <source>Jacobians by level</source>
        <translation>逐层级的雅可比矩阵</translation>
    </message>
    <message>
        <source>Step-through: backprop</source>
        <translation>逐步执行：反向传播</translation>
    </message>
    <message>
        <source>Loss along a line</source>
        <translation>沿直线的损失</translation>
    </message>
    <message>
        <source>Run buttons, learning rate and speed, loss, optimizer, network and data settings</source>
        <translation>运行按钮、学习率与速度、损失、优化器、网络和数据设置</translation>
    </message>
    <message>
        <source>The network: colour is a weight&apos;s sign, width its size, the ring a bias</source>
        <translation>网络：颜色表示权重的正负，线宽表示大小，圆环表示偏置</translation>
    </message>
    <message>
        <source>The model&apos;s output over the input plane; train points filled, test points hollow</source>
        <translation>模型在输入平面上的输出；训练点为实心，测试点为空心</translation>
    </message>
    <message>
        <source>Training and test loss after each step</source>
        <translation>每一步之后的训练损失和测试损失</translation>
    </message>
    <message>
        <source>dL/dw for the selected connection or neuron, as the chain rule computes it</source>
        <translation>选中连接或神经元的 dL/dw，按链式法则计算</translation>
    </message>
    <message>
        <source>How each level&apos;s activations change with an earlier level&apos;s, and their product</source>
        <translation>每个层级的激活值如何随前一层级变化，以及它们的乘积</translation>
    </message>
    <message>
        <source>Forward, loss, backward and update, one operation at a time</source>
        <translation>前向、损失、反向和更新，每次一个操作</translation>
    </message>
    <message>
        <source>The loss on the straight line from the start to the current point, or along the sharpest direction (top Hessian eigenvector) through it</source>
        <translation>从起点到当前点的直线上的损失，或过当前点沿最陡方向（海森矩阵最大特征向量）的损失</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Every panel back where it starts, sized for this screen</source>
        <translation>所有面板回到初始位置，按此屏幕调整大小</translation>
    </message>
</context>
</TS>
