<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Care Voice</source>
        <translation>關於 Care Voice</translation>
    </message>
    <message>
        <source>Offline speech to text for care notes. Version {version}.</source>
        <translation>離線語音轉文字，用於照護紀錄。版本 {version}。</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Libraries</source>
        <translation>函式庫</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安裝</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>授權條款</translation>
    </message>
    <message>
        <source>Licences as the installed packages state them.</source>
        <translation>授權條款依已安裝套件本身的說明列出。</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Note changed on another workstation</source>
        <translation>紀錄已在另一台工作站變更</translation>
    </message>
    <message>
        <source>another workstation</source>
        <translation>另一台工作站</translation>
    </message>
    <message>
        <source>“{title}” was changed by {who} at {time} while you were editing it. Nothing has been overwritten. What should be kept?</source>
        <translation>您編輯期間，{who} 於 {time} 變更了「{title}」。沒有任何內容被覆寫。要保留哪一份？</translation>
    </message>
    <message>
        <source>Keep yours</source>
        <translation>保留您的版本</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>採用對方的版本</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>兩份都保留</translation>
    </message>
    <message>
        <source>Their version:</source>
        <translation>對方的版本：</translation>
    </message>
</context>
<context>
    <name>CoreText</name>
    <message>
        <source>1 damaged piece</source>
        <translation>1 個損壞的片段</translation>
    </message>
    <message>
        <source>{count} damaged pieces</source>
        <translation>{count} 個損壞的片段</translation>
    </message>
    <message>
        <source> (the first at {position})</source>
        <translation>（第一個在 {position}）</translation>
    </message>
    <message>
        <source>; {seconds} s of sound was replaced with silence</source>
        <translation>；{seconds} 秒的聲音已改為靜音</translation>
    </message>
    <message>
        <source>The file {name} is damaged in places: {pieces} could not be decoded{first}{silenced}.</source>
        <translation>檔案 {name} 有部分損壞：{pieces}無法解碼{first}{silenced}。</translation>
    </message>
    <message>
        <source>The file {name} is damaged: decoding stopped at {stop} of {length}; the last {lost} s could not be read.</source>
        <translation>檔案 {name} 已損壞：解碼在 {stop}（全長 {length}）停止；最後 {lost} 秒無法讀取。</translation>
    </message>
    <message>
        <source>The file {name} is damaged: decoding stopped at {stop}; the rest could not be read.</source>
        <translation>檔案 {name} 已損壞：解碼在 {stop} 停止；其餘部分無法讀取。</translation>
    </message>
    <message>
        <source>Care Voice cannot use a microphone on this computer: the sound library PortAudio is missing (on Debian or Ubuntu, install the package libportaudio2). The rest of Care Voice works.</source>
        <translation>Care Voice 無法在這台電腦上使用麥克風：缺少音效程式庫 PortAudio（在 Debian 或 Ubuntu 上請安裝 libportaudio2 套件）。Care Voice 的其他功能仍可使用。</translation>
    </message>
    <message>
        <source>No microphone was found. Plug one in or check the sound settings; the rest of Care Voice works.</source>
        <translation>找不到麥克風。請接上麥克風或檢查音效設定；Care Voice 的其他功能仍可使用。</translation>
    </message>
    <message>
        <source>The microphone &quot;{device}&quot; stopped working (it was unplugged, or the sound system stopped). Recording stopped; everything recorded until then is kept.</source>
        <translation>麥克風「{device}」停止運作（被拔除，或音效系統停止）。錄音已停止；到那時為止錄到的內容都已保存。</translation>
    </message>
    <message>
        <source>The microphone &quot;{wanted}&quot; was not found; it may be unplugged. Microphones on this computer: {names}. Plug it in, or choose another one.</source>
        <translation>找不到麥克風「{wanted}」，可能已被拔除。這台電腦上的麥克風：{names}。請接上它，或選擇其他麥克風。</translation>
    </message>
    <message>
        <source>The microphone &quot;{name}&quot;</source>
        <translation>麥克風「{name}」</translation>
    </message>
    <message>
        <source>The microphone</source>
        <translation>麥克風</translation>
    </message>
    <message>
        <source>{microphone} could not be started. Check that it is plugged in and allowed in the sound settings, or choose another one.</source>
        <translation>無法啟動{microphone}。請確認已接上，且音效設定允許使用，或選擇其他麥克風。</translation>
    </message>
    <message>
        <source>{microphone} is in use by another program. Close that program, or choose another microphone, and try again.</source>
        <translation>{microphone}正由其他程式使用中。請關閉那個程式，或選擇其他麥克風，然後再試一次。</translation>
    </message>
    <message>
        <source>{microphone} was not found.</source>
        <translation>找不到{microphone}。</translation>
    </message>
    <message>
        <source>Care Voice is not allowed to read the file {name}. Check its permissions.</source>
        <translation>Care Voice 沒有權限讀取檔案 {name}。請檢查它的權限。</translation>
    </message>
    <message>
        <source>The file &quot;{name}&quot; is damaged: it should hold {length} of sound, but none of it could be read.</source>
        <translation>檔案「{name}」已損壞：它應該有 {length} 的聲音，但完全無法讀取。</translation>
    </message>
    <message>
        <source>The file {name} does not exist.</source>
        <translation>檔案 {name} 不存在。</translation>
    </message>
    <message>
        <source>{name} is a folder, not an audio or video file.</source>
        <translation>{name} 是資料夾，不是音訊或影片檔。</translation>
    </message>
    <message>
        <source>Care Voice could not read the file {name} ({reason}).</source>
        <translation>Care Voice 無法讀取檔案 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>The file {name} is empty (0 bytes).</source>
        <translation>檔案 {name} 是空的（0 位元組）。</translation>
    </message>
    <message>
        <source>The file {name} is not an audio or video file Care Voice can read.</source>
        <translation>檔案 {name} 不是 Care Voice 能讀取的音訊或影片檔。</translation>
    </message>
    <message>
        <source>The file {name} has no sound track, so there is nothing to transcribe.</source>
        <translation>檔案 {name} 沒有音軌，所以沒有可轉寫的內容。</translation>
    </message>
    <message>
        <source>It may be damaged or incomplete.</source>
        <translation>它可能已損壞或不完整。</translation>
    </message>
    <message>
        <source>The file {name} contains no audio (0 seconds).</source>
        <translation>檔案 {name} 沒有任何音訊（0 秒）。</translation>
    </message>
    <message>
        <source>The file {name} is damaged: none of its sound could be decoded.</source>
        <translation>檔案 {name} 已損壞：它的聲音完全無法解碼。</translation>
    </message>
    <message>
        <source>Everything recorded until then ({seconds} s) is kept in {path}.</source>
        <translation>到那時為止錄到的內容（{seconds} 秒）保存在 {path}。</translation>
    </message>
    <message>
        <source>The recording reached the longest a WAV file can hold, so recording stopped.</source>
        <translation>錄音已達 WAV 檔可容納的最長長度，因此錄音已停止。</translation>
    </message>
    <message>
        <source>Care Voice could not write the recording ({error}), so recording stopped. {saved}</source>
        <translation>Care Voice 無法寫入錄音（{error}），因此錄音已停止。{saved}</translation>
    </message>
    <message>
        <source>The disk is full, so recording stopped. {saved}</source>
        <translation>磁碟已滿，因此錄音已停止。{saved}</translation>
    </message>
    <message>
        <source>Live transcription failed ({error}); the recording was transcribed instead.</source>
        <translation>即時轉錄失敗（{error}），已改為轉錄錄音檔。</translation>
    </message>
    <message>
        <source>The recording could not be transcribed: {error}</source>
        <translation>無法轉錄這段錄音：{error}</translation>
    </message>
    <message>
        <source>{model} understands English only, but the language is set to {language}: the text is probably nonsense. Transcribe it again with {suggested}, which understands all languages.</source>
        <translation>{model} 只懂英語，但語言設為 {language}：轉錄的文字多半是亂碼。請改用支援所有語言的 {suggested} 重新轉錄。</translation>
    </message>
    <message>
        <source>{model} understands English only, but this speech sounds like {language}: the text is probably nonsense. Transcribe it again with {suggested}, which understands all languages.</source>
        <translation>{model} 只懂英語，但這段語音聽起來是 {language}：轉錄的文字多半是亂碼。請改用支援所有語言的 {suggested} 重新轉錄。</translation>
    </message>
    <message>
        <source>The GPU failed, so this dictation was transcribed on the CPU: {reason}</source>
        <translation>GPU 發生故障，因此這段口述改在 CPU 上轉寫：{reason}</translation>
    </message>
    <message>
        <source>Repeated words were removed at {time} ({copies} copies of the same phrase): Whisper&apos;s looping failure.</source>
        <translation>已移除 {time} 處重複的文字（同一詞句出現 {copies} 次）：這是 Whisper 的重複迴圈錯誤。</translation>
    </message>
    <message>
        <source>The same sentence repeated {times} times between {start} and {end}; {dropped} repeats were removed (Whisper&apos;s looping failure). Listen to that part to check it.</source>
        <translation>同一句話在 {start} 到 {end} 之間重複了 {times} 次；已移除 {dropped} 次重複（Whisper 的重複迴圈錯誤）。請聽那一段錄音加以確認。</translation>
    </message>
    <message>
        <source>The GPU failed, so this file was transcribed on the CPU: {reason}</source>
        <translation>GPU 發生故障，因此這個檔案改在 CPU 上轉寫：{reason}</translation>
    </message>
    <message>
        <source>The GPU failed partway through this file: {reason} Retry it to transcribe it on the CPU.</source>
        <translation>GPU 在轉寫這個檔案的途中發生故障：{reason} 請重試，改在 CPU 上轉寫。</translation>
    </message>
    <message>
        <source>{filename} ({name}) is missing: the engine needs it to run on the GPU. Fix: {hint}</source>
        <translation>缺少 {filename}（{name}）：引擎需要它才能在 GPU 上執行。解決方法：{hint}</translation>
    </message>
    <message>
        <source>{name} is missing or incomplete: this engine version needs it to run on the GPU. Fix: {hint}</source>
        <translation>{name} 缺少或不完整：這個版本的引擎需要它才能在 GPU 上執行。解決方法：{hint}</translation>
    </message>
    <message>
        <source>The GPU check failed: {error}</source>
        <translation>GPU 檢查失敗：{error}</translation>
    </message>
    <message>
        <source>The GPU failed while running a model: {error}</source>
        <translation>GPU 執行模型時發生故障：{error}</translation>
    </message>
    <message>
        <source>{filename} is missing: the engine needs it to run on the GPU. Fix: install the NVIDIA CUDA 12 library that provides it.</source>
        <translation>缺少 {filename}：引擎需要它才能在 GPU 上執行。解決方法：安裝提供此檔案的 NVIDIA CUDA 12 程式庫。</translation>
    </message>
    <message>
        <source>cuBLAS cannot run this compute type on this GPU (int8 on RTX 50 series cards with ctranslate2 older than 4.7). Fix: update ctranslate2 to 4.7 or newer; on the command line, pass --compute-type float16 instead of an int8 type.</source>
        <translation>cuBLAS 無法在這張 GPU 上執行此運算類型（ctranslate2 4.7 以前的版本在 RTX 50 系列顯示卡上無法使用 int8）。解決方法：將 ctranslate2 更新到 4.7 或更新版本；在命令列上請改用 --compute-type float16，不要用 int8 類型。</translation>
    </message>
    <message>
        <source>No working NVIDIA driver was found, or it is older than the engine&apos;s CUDA 12 runtime needs. Fix: install or update the NVIDIA driver (version 525 or newer; 570 or newer for RTX 50 series, H100 and other cards the engine runs through PTX), then restart the computer.</source>
        <translation>找不到可用的 NVIDIA 驅動程式，或其版本比引擎的 CUDA 12 執行環境所需的更舊。解決方法：安裝或更新 NVIDIA 驅動程式（525 或更新版本；RTX 50 系列、H100 等引擎透過 PTX 執行的顯示卡需要 570 或更新版本），然後重新啟動電腦。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU is visible to the engine. Fix: check that `nvidia-smi` lists the GPU; in a container or virtual machine, pass the GPU through; check CUDA_VISIBLE_DEVICES.</source>
        <translation>引擎看不到任何 NVIDIA GPU。解決方法：確認 `nvidia-smi` 有列出這張 GPU；在容器或虛擬機器中，請將 GPU 傳遞進去；並檢查 CUDA_VISIBLE_DEVICES。</translation>
    </message>
    <message>
        <source>The engine has no GPU code for this card&apos;s architecture (cards older than compute capability 5.3, such as the GTX 900 series, are not supported). Fix: use the CPU, or a newer NVIDIA GPU.</source>
        <translation>引擎沒有適用這張顯示卡架構的 GPU 程式碼（不支援運算能力低於 5.3 的顯示卡，例如 GTX 900 系列）。解決方法：改用 CPU，或使用較新的 NVIDIA GPU。</translation>
    </message>
    <message>
        <source>The NVIDIA driver is too old to compile the engine&apos;s GPU code for this card (it needs a driver for CUDA 12.8 or newer). Fix: update the NVIDIA driver to version 570 or newer, then restart the computer.</source>
        <translation>NVIDIA 驅動程式太舊，無法為這張顯示卡編譯引擎的 GPU 程式碼（需要支援 CUDA 12.8 或更新版本的驅動程式）。解決方法：將 NVIDIA 驅動程式更新到 570 或更新版本，然後重新啟動電腦。</translation>
    </message>
    <message>
        <source>The GPU ran out of memory. Fix: close other programs using the GPU, or choose a smaller model in settings (on the command line, an int8 --compute-type also needs less memory).</source>
        <translation>GPU 記憶體不足。解決方法：關閉其他使用 GPU 的程式，或在設定中改選較小的模型（在命令列上，int8 的 --compute-type 也比較省記憶體）。</translation>
    </message>
    <message>
        <source>The GPU check failed without a reason.</source>
        <translation>GPU 檢查失敗，且沒有提供原因。</translation>
    </message>
    <message>
        <source>This GPU cannot run the {compute_type} compute type. Fix: let Care Voice choose the compute type; on the command line, leave out --compute-type or pass --compute-type float16 or float32.</source>
        <translation>這張 GPU 無法執行 {compute_type} 運算類型。解決方法：讓 Care Voice 自動選擇運算類型；在命令列中，不要加上 --compute-type，或改用 --compute-type float16 或 float32。</translation>
    </message>
    <message>
        <source>{compute_type} as set</source>
        <translation>{compute_type}（依設定）</translation>
    </message>
    <message>
        <source>CPU · {compute_type} — GPU not used: {reason}</source>
        <translation>CPU · {compute_type} — 未使用 GPU：{reason}</translation>
    </message>
    <message>
        <source>float32: this GPU has no fast half-precision units</source>
        <translation>float32：這張 GPU 沒有快速的半精度運算單元</translation>
    </message>
    <message>
        <source>int8: the fastest CPU precision at the same accuracy</source>
        <translation>int8：在相同準確度下 CPU 最快的精度</translation>
    </message>
    <message>
        <source>GPU: {gpu} (compute capability {capability}).</source>
        <translation>GPU：{gpu}（運算能力 {capability}）。</translation>
    </message>
    <message>
        <source>The GPU check loaded a model and ran it ({seconds} s).</source>
        <translation>GPU 檢查已載入模型並執行成功（{seconds} 秒）。</translation>
    </message>
    <message>
        <source>Not running — GPU only is on and the GPU cannot be used: {reason}</source>
        <translation>未執行 — 已開啟「只用 GPU」，但 GPU 無法使用：{reason}</translation>
    </message>
    <message>
        <source>GPU · {gpu} · {compute_type}</source>
        <translation>GPU · {gpu} · {compute_type}</translation>
    </message>
    <message>
        <source>CPU · {compute_type} — chosen in settings</source>
        <translation>CPU · {compute_type} — 已在設定中選擇</translation>
    </message>
    <message>
        <source>{requested} is not supported on this GPU; using {fallback}</source>
        <translation>這張 GPU 不支援 {requested}；改用 {fallback}</translation>
    </message>
    <message>
        <source>float16: this GPU has fast half-precision units</source>
        <translation>float16：這張 GPU 有快速的半精度運算單元</translation>
    </message>
    <message>
        <source>int8_float32: this Pascal GPU is slow at float16 but fast at int8</source>
        <translation>int8_float32：這張 Pascal GPU 的 float16 很慢，但 int8 很快</translation>
    </message>
    <message>
        <source>{requested} does not run on the CPU; using int8</source>
        <translation>{requested} 無法在 CPU 上執行；改用 int8</translation>
    </message>
    <message>
        <source>The CPU was chosen in settings.</source>
        <translation>已在設定中選擇 CPU。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU was found.</source>
        <translation>找不到 NVIDIA GPU。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: {message}</source>
        <translation>找不到 NVIDIA GPU：{message}</translation>
    </message>
    <message>
        <source>The engine&apos;s kernels could not be checked ({reason}); the preflight decides.</source>
        <translation>無法檢查引擎的核心程式（{reason}）；由 GPU 檢查決定。</translation>
    </message>
    <message>
        <source>The GPU failed while transcribing: {reason}</source>
        <translation>GPU 在轉錄時發生故障：{reason}</translation>
    </message>
    <message>
        <source>Typing into other applications is not done on Windows yet; copy the text.</source>
        <translation>在 Windows 上還無法輸入到其他應用程式；請複製文字。</translation>
    </message>
    <message>
        <source>Typing into other applications is not done on macOS yet; copy the text.</source>
        <translation>在 macOS 上還無法輸入到其他應用程式；請複製文字。</translation>
    </message>
    <message>
        <source>There is no desktop to type into (DISPLAY is not set).</source>
        <translation>沒有可以輸入的桌面（未設定 DISPLAY）。</translation>
    </message>
    <message>
        <source>Typing into other applications needs X11 (or XWayland windows); on this Wayland desktop, copy the text.</source>
        <translation>輸入到其他應用程式需要 X11（或 XWayland 視窗）；在這個 Wayland 桌面上，請複製文字。</translation>
    </message>
    <message>
        <source>The keyboard map has no spare key to type this text with.</source>
        <translation>鍵盤配置沒有空閒的按鍵可用來輸入這段文字。</translation>
    </message>
    <message>
        <source>The X server has no XTEST extension, so nothing can be typed.</source>
        <translation>X 伺服器沒有 XTEST 擴充功能，因此無法輸入任何文字。</translation>
    </message>
    <message>
        <source>The window &quot;{title}&quot; closed before the text could be typed; the text stays in Care Voice.</source>
        <translation>視窗「{title}」在文字輸入前已關閉；文字保留在 Care Voice 中。</translation>
    </message>
    <message>
        <source>Care Voice does not type into its own window.</source>
        <translation>Care Voice 不會輸入到自己的視窗。</translation>
    </message>
    <message>
        <source>Pasting needs xclip (apt-get install xclip).</source>
        <translation>貼上需要 xclip（apt-get install xclip）。</translation>
    </message>
    <message>
        <source>The text could not be put on the clipboard.</source>
        <translation>無法將文字放到剪貼簿。</translation>
    </message>
    <message>
        <source>Care Voice cannot reach the X display ({reason}).</source>
        <translation>Care Voice 無法連到 X 顯示器（{reason}）。</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系統預設</translation>
    </message>
    <message>
        <source>The desktop did not answer within {seconds} s when Care Voice asked for the shortcut.</source>
        <translation>Care Voice 請求快速鍵時，桌面在 {seconds} 秒內沒有回應。</translation>
    </message>
    <message>
        <source>The desktop refused the shortcut ({reason}).</source>
        <translation>桌面拒絕了這個快速鍵（{reason}）。</translation>
    </message>
    <message>
        <source>This desktop does not offer global shortcuts to applications.</source>
        <translation>這個桌面不提供應用程式使用全域快速鍵。</translation>
    </message>
    <message>
        <source>The desktop opened no shortcut session.</source>
        <translation>桌面沒有開啟快速鍵工作階段。</translation>
    </message>
    <message>
        <source>Care Voice cannot reach the desktop&apos;s session bus ({reason}).</source>
        <translation>Care Voice 無法連上桌面的工作階段匯流排（{reason}）。</translation>
    </message>
    <message>
        <source>The desktop could not set up the shortcut (it answered {code}).</source>
        <translation>桌面無法設定這個快速鍵（回應代碼 {code}）。</translation>
    </message>
    <message>
        <source>The shortcut was not set up: it was cancelled on the desktop.</source>
        <translation>快速鍵沒有設定：已在桌面上取消。</translation>
    </message>
    <message>
        <source>The dictation shortcut works through the desktop&apos;s global shortcuts; the desktop&apos;s settings may show it, or let you change its keys.</source>
        <translation>口述快速鍵透過桌面的全域快速鍵運作；可在桌面的設定中查看，或更改它的按鍵。</translation>
    </message>
    <message>
        <source>The dictation shortcut only works in the Care Voice window here. To dictate from any application, bind &quot;care-voice dictate --toggle --type&quot; to a shortcut in the system settings.</source>
        <translation>在這裡，口述快速鍵只能在 Care Voice 視窗中使用。若要在任何應用程式中口述，請在系統設定中把「care-voice dictate --toggle --type」綁定到一個快速鍵。</translation>
    </message>
    <message>
        <source>This is a Wayland desktop: Care Voice can type only into applications that run through XWayland, and the shortcut works only while one of them has the focus. Typing into other applications needs X11 or XWayland; for the rest, bind &quot;care-voice dictate --toggle&quot; to a desktop shortcut and copy the text from Care Voice.</source>
        <translation>這是 Wayland 桌面：Care Voice 只能輸入到透過 XWayland 執行的應用程式，快速鍵也只在其中之一取得焦點時有效。輸入到其他應用程式需要 X11 或 XWayland；其餘的應用程式，請把「care-voice dictate --toggle」設為桌面快速鍵，再從 Care Voice 複製文字。</translation>
    </message>
    <message>
        <source>Choose a key for the shortcut.</source>
        <translation>請為快速鍵選擇一個按鍵。</translation>
    </message>
    <message>
        <source>&quot;{key}&quot; is not a key Care Voice knows.</source>
        <translation>「{key}」不是 Care Voice 認得的按鍵。</translation>
    </message>
    <message>
        <source>A shortcut needs Ctrl, Alt, Shift or Super, unless it is a function key.</source>
        <translation>快速鍵需要搭配 Ctrl、Alt、Shift 或 Super，功能鍵除外。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is not a modifier key.</source>
        <translation>「{name}」不是修飾鍵。</translation>
    </message>
    <message>
        <source>The keyboard has no {keys} key.</source>
        <translation>鍵盤上沒有 {keys} 鍵。</translation>
    </message>
    <message>
        <source>{keys} is already used by another application; choose another shortcut.</source>
        <translation>{keys} 已被其他應用程式使用；請選擇其他快速鍵。</translation>
    </message>
    <message>
        <source>Whisper repeated itself at {time}; that part was transcribed again at a higher temperature. Listen to it to check it.</source>
        <translation>Whisper 在 {time} 不斷重複同樣的字；這一段已用較高的溫度重新轉錄。請聽一下這段確認內容。</translation>
    </message>
    <message>
        <source>Whisper repeated itself at {time}, and again when that part was transcribed a second time; the repeats were cut. Listen to that part to check it.</source>
        <translation>Whisper 在 {time} 不斷重複同樣的字，重新轉錄時又重複了；重複的部分已刪除。請聽一下這段確認內容。</translation>
    </message>
    <message>
        <source>The GPU failed while loading the model: {reason}</source>
        <translation>GPU 在載入模型時發生故障：{reason}</translation>
    </message>
    <message>
        <source>The GPU check has not run yet.</source>
        <translation>GPU 檢查尚未執行。</translation>
    </message>
    <message>
        <source>The GPU check failed: {message}</source>
        <translation>GPU 檢查失敗：{message}</translation>
    </message>
    <message>
        <source>The GPU check ran {tried}; {compute_type} is used.</source>
        <translation>GPU 檢查使用的是 {tried}；實際使用 {compute_type}。</translation>
    </message>
    <message>
        <source>{requested} was asked for, but this engine cannot run int8 on this GPU; using {fallback}</source>
        <translation>要求使用 {requested}，但這個引擎無法在這張 GPU 上執行 int8；改用 {fallback}</translation>
    </message>
    <message>
        <source>Settings say both &apos;CPU&apos; and &apos;GPU only&apos;; the CPU choice wins.</source>
        <translation>設定中同時選了「CPU」和「只用 GPU」；以 CPU 為準。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>NVIDIA GPU</source>
        <translation>NVIDIA GPU</translation>
    </message>
    <message>
        <source>GPU only is on, so Care Voice will not fall back to the CPU.</source>
        <translation>已開啟「只用 GPU」，因此 Care Voice 不會改用 CPU。</translation>
    </message>
    <message>
        <source>No NVIDIA driver is installed (the NVML library could not be found).</source>
        <translation>未安裝 NVIDIA 驅動程式（找不到 NVML 程式庫）。</translation>
    </message>
    <message>
        <source>The NVIDIA driver is installed but not running. Restarting the computer usually fixes this.</source>
        <translation>NVIDIA 驅動程式已安裝但沒有執行。重新啟動電腦通常可以解決。</translation>
    </message>
    <message>
        <source>Care Voice is not allowed to read the NVIDIA GPU (the driver denied permission).</source>
        <translation>Care Voice 沒有權限讀取 NVIDIA GPU（驅動程式拒絕存取）。</translation>
    </message>
    <message>
        <source>The NVIDIA GPU stopped responding (the driver reports it lost). Restart the computer.</source>
        <translation>NVIDIA GPU 停止回應（驅動程式回報已失去連線）。請重新啟動電腦。</translation>
    </message>
    <message>
        <source>The NVIDIA driver reported an error: {error}.</source>
        <translation>NVIDIA 驅動程式回報錯誤：{error}。</translation>
    </message>
    <message>
        <source>{count} NVIDIA GPUs: {names}; {driver}.</source>
        <translation>{count} 張 NVIDIA GPU：{names}；{driver}。</translation>
    </message>
    <message>
        <source>The NVML Python bindings (nvidia-ml-py) are not installed.</source>
        <translation>未安裝 NVML 的 Python 套件（nvidia-ml-py）。</translation>
    </message>
    <message>
        <source>driver {version} (CUDA {cuda})</source>
        <translation>驅動程式 {version}（CUDA {cuda}）</translation>
    </message>
    <message>
        <source>driver {version}</source>
        <translation>驅動程式 {version}</translation>
    </message>
    <message>
        <source>The NVIDIA driver is running ({driver}) but reports no GPUs.</source>
        <translation>NVIDIA 驅動程式正在執行（{driver}），但沒有回報任何 GPU。</translation>
    </message>
    <message>
        <source>1 NVIDIA GPU: {names}; {driver}.</source>
        <translation>1 張 NVIDIA GPU：{names}；{driver}。</translation>
    </message>
    <message>
        <source>NVML could not be read.</source>
        <translation>無法讀取 NVML。</translation>
    </message>
    <message>
        <source>The GPU loaded a model and ran it with {compute_type} (encoding took {seconds} s).</source>
        <translation>GPU 已載入模型並以 {compute_type} 執行（編碼花了 {seconds} 秒）。</translation>
    </message>
    <message>
        <source>The GPU check gave an answer Care Voice could not read, so the GPU is not trusted.</source>
        <translation>GPU 檢查的回應 Care Voice 無法解讀，因此不信任這張 GPU。</translation>
    </message>
    <message>
        <source>The GPU loaded a model and ran it with {compute_type}.</source>
        <translation>GPU 已載入模型並以 {compute_type} 執行。</translation>
    </message>
    <message>
        <source>The GPU check finished its work but then crashed ({how}).</source>
        <translation>GPU 檢查完成了工作，但隨後當掉（{how}）。</translation>
    </message>
    <message>
        <source>The GPU check crashed ({how}).</source>
        <translation>GPU 檢查當掉了（{how}）。</translation>
    </message>
    <message>
        <source>The GPU check could not start: {error}.</source>
        <translation>GPU 檢查無法啟動：{error}。</translation>
    </message>
    <message>
        <source>The GPU check did not finish within {seconds} seconds and was stopped. The GPU may be busy, or the driver stuck.</source>
        <translation>GPU 檢查在 {seconds} 秒內沒有完成，已被停止。GPU 可能正忙，或驅動程式卡住了。</translation>
    </message>
    <message>
        <source>(compute capability {capability})</source>
        <translation>（運算能力 {capability}）</translation>
    </message>
    <message>
        <source>{gpu_name} {described}</source>
        <translation>{gpu_name}{described}</translation>
    </message>
    <message>
        <source>The first transcription is slow: the driver compiles the GPU kernels from PTX and keeps them in its cache for later runs.</source>
        <translation>第一次轉錄會比較慢：驅動程式要先從 PTX 編譯 GPU 核心程式，並存入快取供之後使用。</translation>
    </message>
    <message>
        <source>{gpu} has no native kernels in {engine} {natives}; it will run through PTX {ptx}, compiled by the driver on first use (driver CUDA {have} ≥ {wanted} needed: OK).</source>
        <translation>{engine} {natives} 中沒有適用 {gpu}的原生核心程式；將透過 PTX {ptx} 執行，由驅動程式在第一次使用時編譯（驅動程式 CUDA {have} ≥ 所需的 {wanted}：沒問題）。</translation>
    </message>
    <message>
        <source>Update the NVIDIA driver to one that supports CUDA {cuda_version} or newer.</source>
        <translation>將 NVIDIA 驅動程式更新到支援 CUDA {cuda_version} 或更新版本的版本。</translation>
    </message>
    <message>
        <source>Your {gpu} cannot run the installed {engine} kernels ({listed}): none of them is built for compute capability {capability}, so CUDA would stop with {error}.</source>
        <translation>您的 {gpu} 無法執行已安裝的 {engine} 核心程式（{listed}）：其中沒有一個是為運算能力 {capability} 建置的，CUDA 會以 {error} 停止。</translation>
    </message>
    <message>
        <source>Install a CTranslate2 build that includes sm_{arch} kernels, or transcribe on the CPU.</source>
        <translation>安裝包含 sm_{arch} 核心程式的 CTranslate2 版本，或改在 CPU 上轉錄。</translation>
    </message>
    <message>
        <source>{gpu} has no native kernels in {engine} {natives}; it will run through PTX {ptx}, compiled by the driver on first use.</source>
        <translation>{engine} {natives} 中沒有適用 {gpu}的原生核心程式；將透過 PTX {ptx} 執行，由驅動程式在第一次使用時編譯。</translation>
    </message>
    <message>
        <source>PTX ISA {isa} is newer than Care Voice knows, so it could not check that this driver can compile it; an older driver may refuse it.</source>
        <translation>PTX ISA {isa} 比 Care Voice 所知的版本更新，因此無法確認這個驅動程式能否編譯它；較舊的驅動程式可能會拒絕。</translation>
    </message>
    <message>
        <source>The driver&apos;s CUDA version could not be read, so Care Voice could not check that it supports CUDA {wanted} or newer.</source>
        <translation>無法讀取驅動程式的 CUDA 版本，因此 Care Voice 無法確認它是否支援 CUDA {wanted} 或更新版本。</translation>
    </message>
    <message>
        <source>{gpu} has no native kernels in {engine} {natives}; it will run through PTX {ptx}, compiled by the driver on first use (needs a driver for CUDA {wanted} or newer).</source>
        <translation>{engine} {natives} 中沒有適用 {gpu}的原生核心程式；將透過 PTX {ptx} 執行，由驅動程式在第一次使用時編譯（需要支援 CUDA {wanted} 或更新版本的驅動程式）。</translation>
    </message>
    <message>
        <source>{gpu} has no native kernels in {engine} {natives}; it can only run through PTX {ptx}, which needs a driver for CUDA {wanted} or newer, but this driver supports CUDA {have}; CUDA would stop with {error}.</source>
        <translation>{engine} {natives} 中沒有適用 {gpu}的原生核心程式；只能透過 PTX {ptx} 執行，這需要支援 CUDA {wanted} 或更新版本的驅動程式，但目前的驅動程式只支援 CUDA {have}；CUDA 會以 {error} 停止。</translation>
    </message>
    <message>
        <source>Your {gpu} cannot run the installed {engine} kernels ({listed}): it is older than the oldest kernel, sm_{oldest}, so CUDA would stop with {error}.</source>
        <translation>您的 {gpu} 無法執行已安裝的 {engine} 核心程式（{listed}）：它比最舊的核心程式 sm_{oldest} 還舊，CUDA 會以 {error} 停止。</translation>
    </message>
    <message>
        <source>Use a GPU with compute capability {oldest} or newer, or transcribe on the CPU.</source>
        <translation>使用運算能力 {oldest} 或更新的 GPU，或改在 CPU 上轉錄。</translation>
    </message>
    <message>
        <source>Care Voice could not tell which GPUs {engine} was built for: {reason}.</source>
        <translation>Care Voice 無法判斷 {engine} 是為哪些 GPU 建置的：{reason}。</translation>
    </message>
    <message>
        <source>{gpu} has a driver for CUDA {have}, but {engine} needs one for CUDA {needed} or newer; otherwise CUDA stops with {error}.</source>
        <translation>{gpu} 的驅動程式支援 CUDA {have}，但 {engine} 需要支援 CUDA {needed} 或更新版本的驅動程式；否則 CUDA 會以 {error} 停止。</translation>
    </message>
    <message>
        <source>{gpu} runs {engine} natively with its {kernel} kernels.</source>
        <translation>{gpu} 以 {kernel} 核心程式原生執行 {engine}。</translation>
    </message>
    <message>
        <source>{gpu} runs {engine} natively with its {kernel} kernels (built for {built_for}).</source>
        <translation>{gpu} 以 {kernel} 核心程式原生執行 {engine}（為 {built_for} 建置）。</translation>
    </message>
    <message>
        <source>{engine} cannot use int8 compute types on compute capability 12.x (cuBLAS answers CUBLAS_STATUS_NOT_SUPPORTED); float16 works, and CTranslate2 4.7.0 or newer fixes it.</source>
        <translation>{engine} 無法在運算能力 12.x 上使用 int8 運算類型（cuBLAS 回應 CUBLAS_STATUS_NOT_SUPPORTED）；float16 可以使用，CTranslate2 4.7.0 或更新版本已修正此問題。</translation>
    </message>
    <message>
        <source>{engine} also needs cuDNN {cudnn} to run on the GPU.</source>
        <translation>{engine} 還需要 cuDNN {cudnn} 才能在 GPU 上執行。</translation>
    </message>
    <message>
        <source>This NVIDIA GPU</source>
        <translation>這張 NVIDIA GPU</translation>
    </message>
    <message>
        <source>(it ships only PTX)</source>
        <translation>（只附 PTX）</translation>
    </message>
    <message>
        <source>Dictation</source>
        <translation>聽寫</translation>
    </message>
    <message>
        <source>Transcribed file</source>
        <translation>轉錄的檔案</translation>
    </message>
    <message>
        <source>Typed</source>
        <translation>手動輸入</translation>
    </message>
    <message>
        <source>Care notes: {residents}</source>
        <translation>照護紀錄：{residents}</translation>
    </message>
    <message>
        <source>Care notes</source>
        <translation>照護紀錄</translation>
    </message>
    <message>
        <source>{title} ({span})</source>
        <translation>{title}（{span}）</translation>
    </message>
    <message>
        <source>{model} on {device}</source>
        <translation>{model}（{device}）</translation>
    </message>
    <message>
        <source>{first} to {last}</source>
        <translation>{first} 至 {last}</translation>
    </message>
    <message>
        <source>Resident</source>
        <translation>住民</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Signed by {who} {when}</source>
        <translation>已由 {who} 於 {when} 簽署</translation>
    </message>
    <message>
        <source>Signed by {who}</source>
        <translation>已由 {who} 簽署</translation>
    </message>
    <message>
        <source>note {id}</source>
        <translation>第 {id} 筆紀錄</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>來源</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（無）</translation>
    </message>
    <message>
        <source>Last edited</source>
        <translation>最後編輯</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Draft (not signed)</source>
        <translation>草稿（尚未簽署）</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>範本</translation>
    </message>
    <message>
        <source>Addendum to</source>
        <translation>補充說明對象</translation>
    </message>
    <message>
        <source>Addenda</source>
        <translation>補充說明</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>標記</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>錄音檔</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>標籤</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>已標記</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>紀錄</translation>
    </message>
    <message>
        <source>Drafts (not signed yet)</source>
        <translation>草稿（尚未簽署）</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Nothing was written in this time.</source>
        <translation>這段時間沒有任何記錄。</translation>
    </message>
    <message>
        <source>(no resident)</source>
        <translation>（無住民）</translation>
    </message>
    <message>
        <source>Care Voice handover</source>
        <translation>Care Voice 交班</translation>
    </message>
    <message>
        <source>Transcription failed: {error}. The log has the details.</source>
        <translation>轉寫失敗：{error}。詳細資訊請見記錄檔。</translation>
    </message>
</context>
<context>
    <name>DesktopPresence</name>
    <message>
        <source>Start dictation</source>
        <translation>開始聽寫</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>顯示視窗</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>結束</translation>
    </message>
    <message>
        <source>Care Voice: not dictating</source>
        <translation>Care Voice：未在聽寫</translation>
    </message>
    <message>
        <source>Care Voice: not dictating; the microphone is kept ready</source>
        <translation>Care Voice：未在聽寫；麥克風保持待命</translation>
    </message>
    <message>
        <source>Listening…</source>
        <translation>正在聆聽…</translation>
    </message>
    <message>
        <source>Transcribing…</source>
        <translation>正在轉寫…</translation>
    </message>
    <message>
        <source>Stop dictation</source>
        <translation>停止聽寫</translation>
    </message>
</context>
<context>
    <name>DictatePlace</name>
    <message>
        <source>Dictate</source>
        <translation>聽寫</translation>
    </message>
    <message>
        <source>The recording was moved to {path}.</source>
        <translation>錄音已移至 {path}。</translation>
    </message>
    <message>
        <source>Press Record (or F9) and speak: the text appears here as you talk.</source>
        <translation>按下「錄音」（或 F9）後開始說話：文字會在您說話時出現在這裡。</translation>
    </message>
    <message>
        <source>Save as care note</source>
        <translation>存成照護紀錄</translation>
    </message>
    <message>
        <source>Add to open note</source>
        <translation>加入開啟的紀錄</translation>
    </message>
    <message>
        <source>Into the section where the cursor is in the note open in Notes</source>
        <translation>加入「紀錄」中開啟的紀錄裡游標所在的段落</translation>
    </message>
    <message>
        <source>Open transcript</source>
        <translation>開啟逐字稿</translation>
    </message>
    <message>
        <source>Re-transcribe with a larger model</source>
        <translation>用較大的模型重新轉錄</translation>
    </message>
    <message>
        <source>Transcribe the whole recording again with the base model: slower, often more accurate</source>
        <translation>用 base 模型重新轉錄整段錄音：較慢，但通常更準確</translation>
    </message>
    <message>
        <source>Finish the dictation first, then recover the recording.</source>
        <translation>請先完成聽寫，再復原錄音。</translation>
    </message>
    <message>
        <source>Dictation not saved</source>
        <translation>口述尚未儲存</translation>
    </message>
    <message>
        <source>The last dictation is not saved as a note. Save it before closing?</source>
        <translation>最近一次口述尚未儲存為紀錄。要在關閉前儲存嗎？</translation>
    </message>
    <message>
        <source>Move the recording to the &apos;discarded&apos; folder; nothing is deleted</source>
        <translation>將錄音移到「discarded」資料夾；不會刪除任何內容</translation>
    </message>
</context>
<context>
    <name>DictateRecording</name>
    <message>
        <source>The microphone check is still running; record when it ends.</source>
        <translation>麥克風檢查仍在進行中；結束後再錄音。</translation>
    </message>
    <message>
        <source>Opening the microphone…</source>
        <translation>正在開啟麥克風…</translation>
    </message>
    <message>
        <source>Paused: nothing is recorded until you resume.</source>
        <translation>已暫停：在您繼續之前不會錄音。</translation>
    </message>
    <message>
        <source>Recording.</source>
        <translation>錄音中。</translation>
    </message>
    <message>
        <source>Finishing the text…</source>
        <translation>正在完成文字…</translation>
    </message>
    <message>
        <source>Recording from &quot;{name}&quot;.</source>
        <translation>正在從「{name}」錄音。</translation>
    </message>
    <message>
        <source>Final text in {seconds} s</source>
        <translation>最終文字用時 {seconds} 秒</translation>
    </message>
    <message>
        <source>The recording is kept in {path}.</source>
        <translation>錄音保存在 {path}。</translation>
    </message>
    <message>
        <source>No speech was heard.</source>
        <translation>沒有聽到說話聲。</translation>
    </message>
</context>
<context>
    <name>DictateResult</name>
    <message>
        <source>No note was made; the text stays here.</source>
        <translation>沒有建立紀錄；文字仍保留在這裡。</translation>
    </message>
    <message>
        <source>Saved as a care note.</source>
        <translation>已存成照護紀錄。</translation>
    </message>
    <message>
        <source>Open a draft note in Notes first; the text stays here.</source>
        <translation>請先在「紀錄」中開啟一份草稿紀錄；文字會留在這裡。</translation>
    </message>
    <message>
        <source>Added to the open note.</source>
        <translation>已加入開啟的紀錄。</translation>
    </message>
    <message>
        <source>A new dictation has replaced this one.</source>
        <translation>新的聽寫已取代這一份。</translation>
    </message>
    <message>
        <source>This dictation is already a care note: correct it in the Notes place.</source>
        <translation>這份聽寫已存成照護紀錄：請在「紀錄」中修改。</translation>
    </message>
    <message>
        <source>Transcribing the recording again with the {model} model…</source>
        <translation>正在用 {model} 模型重新轉錄錄音…</translation>
    </message>
    <message>
        <source>That recording is still being made by another Care Voice.</source>
        <translation>另一個 Care Voice 仍在錄製這段錄音。</translation>
    </message>
    <message>
        <source>The recording could not be recovered ({error}).</source>
        <translation>無法復原這段錄音（{error}）。</translation>
    </message>
    <message>
        <source>Recovered {seconds} s of audio; transcribing it…</source>
        <translation>已復原 {seconds} 秒的音訊；正在轉錄…</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在載入模型…</translation>
    </message>
    <message>
        <source>Transcribing… %p%</source>
        <translation>轉錄中… %p%</translation>
    </message>
    <message>
        <source>The interrupted recording was transcribed; it opened in its own window.</source>
        <translation>中斷的錄音已轉錄完成，並在獨立視窗中開啟。</translation>
    </message>
    <message>
        <source>Transcribed again with the {model} model.</source>
        <translation>已用 {model} 模型重新轉錄。</translation>
    </message>
    <message>
        <source>The interrupted recording was recovered and transcribed.</source>
        <translation>中斷的錄音已復原並轉錄。</translation>
    </message>
</context>
<context>
    <name>DictationJobs</name>
    <message>
        <source>The transcription was cancelled.</source>
        <translation>轉錄已取消。</translation>
    </message>
</context>
<context>
    <name>DictationSettingsGroup</name>
    <message>
        <source>Dictation from other applications</source>
        <translation>在其他應用程式中口述</translation>
    </message>
    <message>
        <source>Press to start, press again to stop</source>
        <translation>按一下開始，再按一下停止</translation>
    </message>
    <message>
        <source>Hold to talk</source>
        <translation>按住說話</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>S&amp;hortcut:</source>
        <translation>快速鍵(&amp;H)：</translation>
    </message>
    <message>
        <source>Click, then press the keys. They work while any application has the focus (X11).</source>
        <translation>按一下，然後按下按鍵。無論哪個應用程式取得焦點都能使用（X11）。</translation>
    </message>
    <message>
        <source>&amp;Keys:</source>
        <translation>按鍵(&amp;K)：</translation>
    </message>
    <message>
        <source>Keep the microphone &amp;ready, so the first word is never cut off</source>
        <translation>讓麥克風保持待命，開頭的字不會被切掉(&amp;R)</translation>
    </message>
    <message>
        <source>While the shortcut is on, the microphone then stays open: Care Voice keeps the last half second in memory only, and nothing is stored until a dictation starts. The tray icon shows it.</source>
        <translation>快速鍵開啟時，麥克風會一直開著：Care Voice 只在記憶體中保留最後半秒，開始聽寫之前不會儲存任何內容。系統匣圖示會顯示此狀態。</translation>
    </message>
    <message>
        <source>Carry out spoken &amp;commands (&quot;new line&quot;, &quot;comma&quot;, &quot;scratch that&quot;, 換行 …)</source>
        <translation>執行口說指令(&amp;C)（「new line」、「comma」、「scratch that」、換行 …）</translation>
    </message>
    <message>
        <source>Closing the window keeps Care Voice in the &amp;tray</source>
        <translation>關閉視窗時讓 Care Voice 留在系統匣(&amp;T)</translation>
    </message>
</context>
<context>
    <name>FilesPlace</name>
    <message>
        <source>Files</source>
        <translation>錄音檔</translation>
    </message>
    <message>
        <source>Drop recordings, videos or folders anywhere on this window, or press {shortcut} to open them.</source>
        <translation>把錄音、影片或資料夾拖放到這個視窗的任何地方，或按 {shortcut} 開啟。</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>加入檔案…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>加入資料夾…</translation>
    </message>
    <message>
        <source>Watch folder…</source>
        <translation>監看資料夾…</translation>
    </message>
    <message>
        <source>Transcribe new recordings in a folder (where a recorder docks) by itself</source>
        <translation>自動轉寫資料夾中的新錄音（例如錄音機連接的位置）</translation>
    </message>
    <message>
        <source>Stop watching</source>
        <translation>停止監看</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重試</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Open transcript</source>
        <translation>開啟逐字稿</translation>
    </message>
    <message>
        <source>Show file</source>
        <translation>顯示檔案位置</translation>
    </message>
    <message>
        <source>none (GPU only, GPU unusable)</source>
        <translation>無（只用 GPU，但 GPU 無法使用）</translation>
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
        <source>Watch folder</source>
        <translation>監看資料夾</translation>
    </message>
    <message>
        <source>Watching {folder}: new recordings are transcribed once they stop growing, with the model, language and output folder in Settings.</source>
        <translation>正在監看 {folder}：新錄音寫入完成後即會轉寫，使用「設定」中的模型、語言與輸出資料夾。</translation>
    </message>
    <message>
        <source>The watched folder {folder} is not there (a recorder undocked?). Care Voice keeps looking for it.</source>
        <translation>找不到監看的資料夾 {folder}（錄音機已拔除？）。Care Voice 會持續尋找。</translation>
    </message>
    <message>
        <source>{name} has no transcript yet.</source>
        <translation>{name} 還沒有逐字稿。</translation>
    </message>
    <message>
        <source>The folder {folder} could not be opened.</source>
        <translation>無法開啟資料夾 {folder}。</translation>
    </message>
    <message>
        <source>Transcribe again with {model} (all languages)</source>
        <translation>改用 {model} 重新轉錄（支援所有語言）</translation>
    </message>
</context>
<context>
    <name>FilesQueue</name>
    <message>
        <source>No files added</source>
        <translation>沒有加入任何檔案</translation>
    </message>
    <message numerus="yes">
        <source>skipped %n that are not audio or video</source>
        <translation>
            <numerusform>略過 %n 個不是音訊或影片的檔案</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n file(s)</source>
        <translation>
            <numerusform>已加入 %n 個檔案</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} is already queued (Retry runs it again)</source>
        <translation>{name} 已在佇列中（按「重試」可再轉錄一次）</translation>
    </message>
    <message numerus="yes">
        <source>%n are already queued (Retry runs them again)</source>
        <translation>
            <numerusform>%n 個已在佇列中（按「重試」可再轉錄一次）</numerusform>
        </translation>
    </message>
    <message>
        <source>The transcript of {name} could not be saved in {folder}: {reason}</source>
        <translation>{name} 的逐字稿無法儲存到 {folder}：{reason}</translation>
    </message>
    <message>
        <source>The transcript of {name} was saved as “{saved}”: “{wanted}” was taken.</source>
        <translation>{name} 的逐字稿已存為「{saved}」：「{wanted}」已被使用。</translation>
    </message>
    <message>
        <source>The file is no longer in the queue.</source>
        <translation>這個檔案已不在佇列中。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) that were not finished when Care Voice closed are queued again.</source>
        <translation>
            <numerusform>Care Voice 關閉時有 %n 個檔案尚未完成，已重新排入佇列。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GpuCard</name>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Compute capability</source>
        <translation>運算能力</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>驅動程式</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>記憶體</translation>
    </message>
    <message>
        <source>Used by Care Voice</source>
        <translation>Care Voice 使用量</translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation>使用率</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>溫度</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>功耗</translation>
    </message>
    <message>
        <source>Utilization, 5 min</source>
        <translation>使用率（5 分鐘）</translation>
    </message>
    <message>
        <source>Memory, 5 min</source>
        <translation>記憶體（5 分鐘）</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>未提供</translation>
    </message>
    <message>
        <source>GPU %d</source>
        <translation>GPU %d</translation>
    </message>
    <message>
        <source>%s (CUDA %s)</source>
        <translation>%s（CUDA %s）</translation>
    </message>
    <message>
        <source>%.1f / %.1f GiB</source>
        <translation>%.1f / %.1f GiB</translation>
    </message>
    <message>
        <source>%d MiB</source>
        <translation>%d MiB</translation>
    </message>
    <message>
        <source>%.1f GiB</source>
        <translation>%.1f GiB</translation>
    </message>
    <message>
        <source>%d %%</source>
        <translation>%d %%</translation>
    </message>
    <message>
        <source>%d °C</source>
        <translation>%d °C</translation>
    </message>
    <message>
        <source>%.0f W of %.0f W</source>
        <translation>%.0f W／上限 %.0f W</translation>
    </message>
    <message>
        <source>%.0f W</source>
        <translation>%.0f W</translation>
    </message>
</context>
<context>
    <name>GpuCheck</name>
    <message>
        <source>The GPU check failed: {error}</source>
        <translation>GPU 檢查失敗：{error}</translation>
    </message>
</context>
<context>
    <name>GpuPlace</name>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Checking the GPU…</source>
        <translation>正在檢查 GPU…</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>裝置判定</translation>
    </message>
    <message>
        <source>Engine kernels and verdict</source>
        <translation>引擎核心程式與判定</translation>
    </message>
    <message>
        <source>CUDA libraries</source>
        <translation>CUDA 函式庫</translation>
    </message>
    <message>
        <source>GPU check</source>
        <translation>GPU 檢查</translation>
    </message>
    <message>
        <source>Run the GPU check again</source>
        <translation>重新檢查 GPU</translation>
    </message>
    <message>
        <source>Copy the doctor report</source>
        <translation>複製診斷報告</translation>
    </message>
    <message>
        <source>Open the log folder</source>
        <translation>開啟記錄檔資料夾</translation>
    </message>
    <message>
        <source>GPU only (never fall back to CPU)</source>
        <translation>只用 GPU（絕不改用 CPU）</translation>
    </message>
    <message>
        <source>When the GPU cannot be used, transcribe nothing instead of using the slower CPU.</source>
        <translation>GPU 無法使用時，不進行轉錄，而不是改用較慢的 CPU。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: %s</source>
        <translation>找不到 NVIDIA GPU：%s</translation>
    </message>
    <message>
        <source>The GPU check itself failed</source>
        <translation>GPU 檢查本身失敗</translation>
    </message>
    <message>
        <source>Checked at {time} — the check itself failed.</source>
        <translation>{time} 已檢查 — 檢查本身失敗。</translation>
    </message>
    <message>
        <source>Transcription runs on the CPU (%s).</source>
        <translation>轉錄在 CPU 上執行（%s）。</translation>
    </message>
    <message>
        <source>This GPU cannot run the transcription engine</source>
        <translation>這張 GPU 無法執行轉錄引擎</translation>
    </message>
    <message>
        <source>The NVIDIA driver is too old for the transcription engine</source>
        <translation>NVIDIA 驅動程式版本太舊，無法執行轉錄引擎</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>解決方法：</translation>
    </message>
    <message>
        <source>GPU only is on, and the GPU cannot be used</source>
        <translation>已開啟「只用 GPU」，但 GPU 無法使用</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found</source>
        <translation>找不到 NVIDIA GPU</translation>
    </message>
    <message>
        <source>The CPU was chosen in settings</source>
        <translation>設定中選擇了 CPU</translation>
    </message>
    <message>
        <source>The GPU is not used</source>
        <translation>未使用 GPU</translation>
    </message>
    <message>
        <source>No native kernels for this GPU</source>
        <translation>沒有適用這張 GPU 的原生核心程式</translation>
    </message>
    <message>
        <source>GPU only is on, so nothing is transcribed until the GPU can be used or GPU only is turned off.</source>
        <translation>已開啟「只用 GPU」，因此在 GPU 可以使用或關閉「只用 GPU」之前，不會進行任何轉錄。</translation>
    </message>
    <message>
        <source>Runs natively</source>
        <translation>原生執行</translation>
    </message>
    <message>
        <source>Runs through PTX, compiled on first use</source>
        <translation>透過 PTX 執行，第一次使用時編譯</translation>
    </message>
    <message>
        <source>The driver is too old</source>
        <translation>驅動程式太舊</translation>
    </message>
    <message>
        <source>Cannot run</source>
        <translation>無法執行</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <source>CTranslate2 %s</source>
        <translation>CTranslate2 %s</translation>
    </message>
    <message>
        <source>Native (SASS): %s</source>
        <translation>原生（SASS）：%s</translation>
    </message>
    <message>
        <source>PTX: %s</source>
        <translation>PTX：%s</translation>
    </message>
    <message>
        <source>Not readable: %s</source>
        <translation>無法讀取：%s</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>找不到</translation>
    </message>
    <message>
        <source>Library: %s</source>
        <translation>函式庫：%s</translation>
    </message>
    <message>
        <source>Not checked: the engine cannot use this computer&apos;s GPU.</source>
        <translation>未檢查：引擎無法使用這台電腦的 GPU。</translation>
    </message>
    <message>
        <source>%s (%s): found (%s) %s</source>
        <translation>%s（%s）：已找到（%s）%s</translation>
    </message>
    <message>
        <source>%s (%s): missing. Install it with:
%s</source>
        <translation>%s（%s）：缺少。安裝方式：
%s</translation>
    </message>
    <message>
        <source>Not run: there is no NVIDIA GPU to check.</source>
        <translation>未執行：沒有可檢查的 NVIDIA GPU。</translation>
    </message>
    <message>
        <source>Not run: the engine cannot run on this GPU.</source>
        <translation>未執行：引擎無法在這張 GPU 上執行。</translation>
    </message>
    <message>
        <source>Not run: a CUDA library the engine needs is missing.</source>
        <translation>未執行：缺少引擎需要的 CUDA 函式庫。</translation>
    </message>
    <message>
        <source> (from the cache)</source>
        <translation>（來自快取）</translation>
    </message>
    <message>
        <source>Compute types: %s</source>
        <translation>運算精度：%s</translation>
    </message>
    <message>
        <source>Since then: %s</source>
        <translation>之後：%s</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>檢查中…</translation>
    </message>
    <message>
        <source>the GPUs</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>the decision</source>
        <translation>決定</translation>
    </message>
    <message>
        <source>the reasons</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>the warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>the kernels</source>
        <translation>核心程式</translation>
    </message>
    <message>
        <source>the CUDA libraries</source>
        <translation>CUDA 函式庫</translation>
    </message>
    <message>
        <source>the test run</source>
        <translation>試跑</translation>
    </message>
    <message>
        <source>the decision ({before} → {after})</source>
        <translation>決定（{before} → {after}）</translation>
    </message>
    <message>
        <source>Checked at {time} — changed: {parts}.</source>
        <translation>{time} 已檢查 — 有變更：{parts}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Checked at {time} — nothing changed.</source>
        <translation>{time} 已檢查 — 沒有任何變更。</translation>
    </message>
    <message>
        <source>The doctor report is on the clipboard.</source>
        <translation>診斷報告已複製到剪貼簿。</translation>
    </message>
    <message>
        <source>Could not open %s</source>
        <translation>無法開啟 %s</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Handover</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Since the last shift change</source>
        <translation>自上次交班以來</translation>
    </message>
    <message>
        <source>Last 12 hours</source>
        <translation>過去 12 小時</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>過去 24 小時</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>列印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存為 PDF…</translation>
    </message>
    <message>
        <source>Save the handover as PDF</source>
        <translation>將交班另存為 PDF</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已儲存 {path}</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <source>Cancelled because Care Voice was closing.</source>
        <translation>已取消，因為 Care Voice 正在關閉。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>English</source>
        <translation>英語</translation>
    </message>
    <message>
        <source>Mandarin Chinese</source>
        <translation>華語</translation>
    </message>
    <message>
        <source>Afrikaans</source>
        <translation>南非語</translation>
    </message>
    <message>
        <source>Amharic</source>
        <translation>阿姆哈拉語</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>阿拉伯語</translation>
    </message>
    <message>
        <source>Assamese</source>
        <translation>阿薩姆語</translation>
    </message>
    <message>
        <source>Azerbaijani</source>
        <translation>亞塞拜然語</translation>
    </message>
    <message>
        <source>Bashkir</source>
        <translation>巴什基爾語</translation>
    </message>
    <message>
        <source>Belarusian</source>
        <translation>白俄羅斯語</translation>
    </message>
    <message>
        <source>Bulgarian</source>
        <translation>保加利亞語</translation>
    </message>
    <message>
        <source>Bengali</source>
        <translation>孟加拉語</translation>
    </message>
    <message>
        <source>Tibetan</source>
        <translation>藏語</translation>
    </message>
    <message>
        <source>Breton</source>
        <translation>布列塔尼語</translation>
    </message>
    <message>
        <source>Bosnian</source>
        <translation>波士尼亞語</translation>
    </message>
    <message>
        <source>Catalan</source>
        <translation>加泰隆尼亞語</translation>
    </message>
    <message>
        <source>Czech</source>
        <translation>捷克語</translation>
    </message>
    <message>
        <source>Welsh</source>
        <translation>威爾斯語</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>丹麥語</translation>
    </message>
    <message>
        <source>German</source>
        <translation>德語</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>希臘語</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>西班牙語</translation>
    </message>
    <message>
        <source>Estonian</source>
        <translation>愛沙尼亞語</translation>
    </message>
    <message>
        <source>Basque</source>
        <translation>巴斯克語</translation>
    </message>
    <message>
        <source>Persian</source>
        <translation>波斯語</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>芬蘭語</translation>
    </message>
    <message>
        <source>Faroese</source>
        <translation>法羅語</translation>
    </message>
    <message>
        <source>French</source>
        <translation>法語</translation>
    </message>
    <message>
        <source>Galician</source>
        <translation>加利西亞語</translation>
    </message>
    <message>
        <source>Gujarati</source>
        <translation>古吉拉特語</translation>
    </message>
    <message>
        <source>Hausa</source>
        <translation>豪薩語</translation>
    </message>
    <message>
        <source>Hawaiian</source>
        <translation>夏威夷語</translation>
    </message>
    <message>
        <source>Hebrew</source>
        <translation>希伯來語</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation>印地語</translation>
    </message>
    <message>
        <source>Croatian</source>
        <translation>克羅埃西亞語</translation>
    </message>
    <message>
        <source>Haitian Creole</source>
        <translation>海地克里奧爾語</translation>
    </message>
    <message>
        <source>Hungarian</source>
        <translation>匈牙利語</translation>
    </message>
    <message>
        <source>Armenian</source>
        <translation>亞美尼亞語</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>印尼語</translation>
    </message>
    <message>
        <source>Icelandic</source>
        <translation>冰島語</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>義大利語</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日語</translation>
    </message>
    <message>
        <source>Javanese</source>
        <translation>爪哇語</translation>
    </message>
    <message>
        <source>Georgian</source>
        <translation>喬治亞語</translation>
    </message>
    <message>
        <source>Kazakh</source>
        <translation>哈薩克語</translation>
    </message>
    <message>
        <source>Khmer</source>
        <translation>高棉語</translation>
    </message>
    <message>
        <source>Kannada</source>
        <translation>卡納達語</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韓語</translation>
    </message>
    <message>
        <source>Latin</source>
        <translation>拉丁語</translation>
    </message>
    <message>
        <source>Luxembourgish</source>
        <translation>盧森堡語</translation>
    </message>
    <message>
        <source>Lingala</source>
        <translation>林加拉語</translation>
    </message>
    <message>
        <source>Lao</source>
        <translation>寮語</translation>
    </message>
    <message>
        <source>Lithuanian</source>
        <translation>立陶宛語</translation>
    </message>
    <message>
        <source>Latvian</source>
        <translation>拉脫維亞語</translation>
    </message>
    <message>
        <source>Malagasy</source>
        <translation>馬達加斯加語</translation>
    </message>
    <message>
        <source>Maori</source>
        <translation>毛利語</translation>
    </message>
    <message>
        <source>Macedonian</source>
        <translation>馬其頓語</translation>
    </message>
    <message>
        <source>Malayalam</source>
        <translation>馬拉雅拉姆語</translation>
    </message>
    <message>
        <source>Mongolian</source>
        <translation>蒙古語</translation>
    </message>
    <message>
        <source>Marathi</source>
        <translation>馬拉地語</translation>
    </message>
    <message>
        <source>Malay</source>
        <translation>馬來語</translation>
    </message>
    <message>
        <source>Maltese</source>
        <translation>馬爾他語</translation>
    </message>
    <message>
        <source>Burmese</source>
        <translation>緬甸語</translation>
    </message>
    <message>
        <source>Nepali</source>
        <translation>尼泊爾語</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>荷蘭語</translation>
    </message>
    <message>
        <source>Norwegian Nynorsk</source>
        <translation>新挪威語</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>挪威語</translation>
    </message>
    <message>
        <source>Occitan</source>
        <translation>奧克語</translation>
    </message>
    <message>
        <source>Punjabi</source>
        <translation>旁遮普語</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>波蘭語</translation>
    </message>
    <message>
        <source>Pashto</source>
        <translation>普什圖語</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>葡萄牙語</translation>
    </message>
    <message>
        <source>Romanian</source>
        <translation>羅馬尼亞語</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄語</translation>
    </message>
    <message>
        <source>Sanskrit</source>
        <translation>梵語</translation>
    </message>
    <message>
        <source>Sindhi</source>
        <translation>信德語</translation>
    </message>
    <message>
        <source>Sinhala</source>
        <translation>僧伽羅語</translation>
    </message>
    <message>
        <source>Slovak</source>
        <translation>斯洛伐克語</translation>
    </message>
    <message>
        <source>Slovenian</source>
        <translation>斯洛維尼亞語</translation>
    </message>
    <message>
        <source>Shona</source>
        <translation>修納語</translation>
    </message>
    <message>
        <source>Somali</source>
        <translation>索馬利語</translation>
    </message>
    <message>
        <source>Albanian</source>
        <translation>阿爾巴尼亞語</translation>
    </message>
    <message>
        <source>Serbian</source>
        <translation>塞爾維亞語</translation>
    </message>
    <message>
        <source>Sundanese</source>
        <translation>巽他語</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>瑞典語</translation>
    </message>
    <message>
        <source>Swahili</source>
        <translation>斯瓦希里語</translation>
    </message>
    <message>
        <source>Tamil</source>
        <translation>坦米爾語</translation>
    </message>
    <message>
        <source>Telugu</source>
        <translation>泰盧固語</translation>
    </message>
    <message>
        <source>Tajik</source>
        <translation>塔吉克語</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>泰語</translation>
    </message>
    <message>
        <source>Turkmen</source>
        <translation>土庫曼語</translation>
    </message>
    <message>
        <source>Tagalog</source>
        <translation>他加祿語</translation>
    </message>
    <message>
        <source>Turkish</source>
        <translation>土耳其語</translation>
    </message>
    <message>
        <source>Tatar</source>
        <translation>韃靼語</translation>
    </message>
    <message>
        <source>Ukrainian</source>
        <translation>烏克蘭語</translation>
    </message>
    <message>
        <source>Urdu</source>
        <translation>烏爾都語</translation>
    </message>
    <message>
        <source>Uzbek</source>
        <translation>烏茲別克語</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>越南語</translation>
    </message>
    <message>
        <source>Yiddish</source>
        <translation>意第緒語</translation>
    </message>
    <message>
        <source>Yoruba</source>
        <translation>約魯巴語</translation>
    </message>
    <message>
        <source>Cantonese</source>
        <translation>粵語</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Microphone level</source>
        <translation>麥克風音量</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Checking the GPU…</source>
        <translation>正在檢查 GPU…</translation>
    </message>
    <message>
        <source>Open the GPU place</source>
        <translation>開啟 GPU 頁面</translation>
    </message>
    <message>
        <source>Dictate</source>
        <translation>聽寫</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>錄音檔</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>紀錄</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>開啟…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>加入資料夾…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Care Voice</source>
        <translation>關於 Care Voice(&amp;A)</translation>
    </message>
    <message>
        <source>CPU · int8 — GPU not checked: </source>
        <translation>CPU · int8 — 未檢查 GPU：</translation>
    </message>
    <message>
        <source>Transcript — %s</source>
        <translation>逐字稿 — %s</translation>
    </message>
    <message>
        <source>Jobs are running</source>
        <translation>仍有工作在執行</translation>
    </message>
    <message numerus="yes">
        <source>%n transcription(s) are not finished. Quit now? They start again the next time Care Voice opens.</source>
        <translation>
            <numerusform>還有 %n 個轉錄尚未完成。現在要結束嗎？下次開啟 Care Voice 時會重新開始。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MediaDialog</name>
    <message>
        <source>Add a folder of recordings or videos</source>
        <translation>加入一個含錄音或影片的資料夾</translation>
    </message>
    <message>
        <source>Open recordings or videos</source>
        <translation>開啟錄音或影片</translation>
    </message>
    <message>
        <source>Audio and video ({patterns})</source>
        <translation>音訊與影片 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>MicrophoneArming</name>
    <message>
        <source>The microphone could not be kept ready for the shortcut: {why}</source>
        <translation>無法讓麥克風為快速鍵保持待命：{why}</translation>
    </message>
</context>
<context>
    <name>MicrophonePicker</name>
    <message>
        <source>Microphone</source>
        <translation>麥克風</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>重新整理</translation>
    </message>
    <message>
        <source>Look for microphones again (one plugged in just now)</source>
        <translation>重新尋找麥克風（例如剛插上的）</translation>
    </message>
    <message>
        <source>Check the microphone</source>
        <translation>檢查麥克風</translation>
    </message>
    <message>
        <source>Record three seconds, hear how they sound, and play them back</source>
        <translation>錄製三秒鐘，聽聽效果並播放出來</translation>
    </message>
    <message>
        <source>Microphone:</source>
        <translation>麥克風：</translation>
    </message>
    <message>
        <source>{name} (system default)</source>
        <translation>{name}（系統預設）</translation>
    </message>
    <message>
        <source>The check could not be played back: no sound output device was found.</source>
        <translation>無法播放檢查錄音：找不到音效輸出裝置。</translation>
    </message>
    <message>
        <source>Care Voice heard nothing from &quot;{name}&quot;. Check that the microphone is switched on and not muted, or choose another one.</source>
        <translation>Care Voice 沒有從「{name}」聽到任何聲音。請確認麥克風已開啟且未靜音，或選擇其他麥克風。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is too loud: the sound is clipped. Turn the input volume down or move the microphone further away.</source>
        <translation>「{name}」音量太大，聲音被截斷。請調低輸入音量或將麥克風移遠一點。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; hears you only faintly. Move closer or turn the input volume up.</source>
        <translation>「{name}」只能微弱地聽到您的聲音。請靠近一點或調高輸入音量。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; works: Care Voice hears you clearly.</source>
        <translation>「{name}」運作正常：Care Voice 能清楚聽到您的聲音。</translation>
    </message>
    <message>
        <source>Listening for three seconds: say something.</source>
        <translation>聆聽三秒鐘：請說些話。</translation>
    </message>
    <message>
        <source>Playing it back…</source>
        <translation>正在播放…</translation>
    </message>
</context>
<context>
    <name>NoteEditor</name>
    <message>
        <source>Tags, separated by commas</source>
        <translation>標籤，用逗號分隔</translation>
    </message>
    <message>
        <source>Type the note here</source>
        <translation>在這裡輸入紀錄內容</translation>
    </message>
    <message>
        <source>Flags, such as fall or skin@Wellbeing</source>
        <translation>標記，例如 fall 或 skin@Wellbeing</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>簽署</translation>
    </message>
    <message>
        <source>Addendum…</source>
        <translation>補充說明…</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>歷程…</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>標題：</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>標籤：</translation>
    </message>
    <message>
        <source>Flags:</source>
        <translation>標記：</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Recording: click a sentence to hear it</source>
        <translation>錄音：按一下句子即可聆聽</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已儲存</translation>
    </message>
    <message>
        <source>Signed by {name}, {time}. A correction is an addendum.</source>
        <translation>已由 {name} 於 {time} 簽署。更正請以補充說明新增。</translation>
    </message>
    <message>
        <source>Draft: not signed yet</source>
        <translation>草稿：尚未簽署</translation>
    </message>
    <message>
        <source>Not signed: {reason}</source>
        <translation>未簽署：{reason}</translation>
    </message>
    <message>
        <source>Choose a note, or make a new one.</source>
        <translation>請選擇一筆紀錄，或新增一筆。</translation>
    </message>
    <message>
        <source>Dictation</source>
        <translation>聽寫</translation>
    </message>
    <message>
        <source>Transcribed file</source>
        <translation>轉錄的檔案</translation>
    </message>
    <message>
        <source>Typed</source>
        <translation>手動輸入</translation>
    </message>
    <message>
        <source>No resident</source>
        <translation>未指定住民</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在儲存…</translation>
    </message>
    <message>
        <source>Server gone: kept on this computer, saved when it is back</source>
        <translation>伺服器無法連線：已暫存在這台電腦上，連線恢復後會自動儲存</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>未儲存：{reason}</translation>
    </message>
    <message>
        <source>Saved to the server (it is back)</source>
        <translation>已儲存到伺服器（連線已恢復）</translation>
    </message>
    <message>
        <source>Changed on another workstation: choose what to keep</source>
        <translation>已在另一台工作站變更：請選擇要保留的內容</translation>
    </message>
    <message>
        <source>Your version was saved as a new note</source>
        <translation>您的版本已另存為一筆新紀錄</translation>
    </message>
    <message>
        <source>This note has no recording to play.</source>
        <translation>這筆紀錄沒有可以播放的錄音。</translation>
    </message>
    <message>
        <source>Playing {times}</source>
        <translation>正在播放 {times}</translation>
    </message>
</context>
<context>
    <name>NotesBackup</name>
    <message>
        <source>Backup</source>
        <translation>備份</translation>
    </message>
    <message>
        <source>Back up all notes…</source>
        <translation>備份所有紀錄…</translation>
    </message>
    <message>
        <source>Restore from a backup…</source>
        <translation>從備份還原…</translation>
    </message>
    <message>
        <source>No backup was made: {reason}</source>
        <translation>未建立備份：{reason}</translation>
    </message>
    <message numerus="yes">
        <source>Backed up %n note(s) to {path}.</source>
        <translation>
            <numerusform>已將 %n 筆紀錄備份到 {path}。</numerusform>
        </translation>
    </message>
    <message>
        <source>This replaces the {have} on this computer with the {notes} and {residents} in {path}. The notes from now are kept in a copy first.</source>
        <translation>這會用 {path} 中的 {notes}和{residents}，取代這台電腦上的 {have}。目前的紀錄會先另存一份副本。</translation>
    </message>
    <message>
        <source>Restored {notes} and {residents} from {path}. The notes from before are in {safety}.</source>
        <translation>已從 {path} 還原 {notes}和{residents}。還原前的紀錄保存在 {safety}。</translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n 筆紀錄</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n resident(s)</source>
        <translation>
            <numerusform>%n 位住民</numerusform>
        </translation>
    </message>
    <message>
        <source>Back up all notes</source>
        <translation>備份所有紀錄</translation>
    </message>
    <message>
        <source>Nothing was restored; the notes are as they were.</source>
        <translation>沒有還原任何內容；紀錄維持原樣。</translation>
    </message>
    <message>
        <source>Nothing was restored: {reason}</source>
        <translation>沒有還原任何內容：{reason}</translation>
    </message>
    <message>
        <source>Restore notes from a backup</source>
        <translation>從備份還原紀錄</translation>
    </message>
    <message>
        <source>Restore notes</source>
        <translation>還原紀錄</translation>
    </message>
    <message>
        <source>Care Voice backups (*{suffix});;All files (*)</source>
        <translation>Care Voice 備份 (*{suffix});;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>NotesFilter</name>
    <message>
        <source>Search notes</source>
        <translation>搜尋紀錄</translation>
    </message>
    <message>
        <source>From</source>
        <translation>從</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
</context>
<context>
    <name>NotesList</name>
    <message>
        <source>Signed</source>
        <translation>已簽署</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
</context>
<context>
    <name>NotesOutput</name>
    <message>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <source>This note</source>
        <translation>這筆紀錄</translation>
    </message>
    <message>
        <source>The resident&apos;s notes in the date range</source>
        <translation>這位住民在日期範圍內的紀錄</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>列印…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <source>Copy the note&apos;s text</source>
        <translation>複製紀錄的文字</translation>
    </message>
    <message>
        <source>There are no notes to export.</source>
        <translation>沒有可以匯出的紀錄。</translation>
    </message>
    <message>
        <source>Export notes</source>
        <translation>匯出紀錄</translation>
    </message>
    <message>
        <source>Could not save {name}: {reason}</source>
        <translation>無法儲存 {name}：{reason}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已儲存 {path}</translation>
    </message>
    <message>
        <source>There are no notes to print.</source>
        <translation>沒有可以列印的紀錄。</translation>
    </message>
    <message>
        <source>Could not print: {reason}</source>
        <translation>無法列印：{reason}</translation>
    </message>
    <message>
        <source>No printer is set up: save the notes as a PDF to print</source>
        <translation>沒有設定印表機：將紀錄存成 PDF 以便列印</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>No printer is set up; the notes were saved for printing as {path}</source>
        <translation>沒有設定印表機；紀錄已存成 {path}，可供列印</translation>
    </message>
    <message>
        <source>The note was copied.</source>
        <translation>紀錄已複製。</translation>
    </message>
</context>
<context>
    <name>NotesPlace</name>
    <message>
        <source>Notes</source>
        <translation>紀錄</translation>
    </message>
    <message>
        <source>New note</source>
        <translation>新增紀錄</translation>
    </message>
    <message>
        <source>Type a new note for the selected resident</source>
        <translation>為選取的住民輸入一筆新紀錄</translation>
    </message>
    <message>
        <source>The notes are closed.</source>
        <translation>紀錄資料庫已關閉。</translation>
    </message>
    <message numerus="yes">
        <source>%n edit(s) kept on this computer while the server was gone are saved now; {copies}</source>
        <translation>
            <numerusform>伺服器中斷期間暫存在這台電腦上的 %n 筆編輯現已儲存；{copies}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them, changed elsewhere meanwhile, were saved as new notes.</source>
        <translation>
            <numerusform>其中 %n 筆因同時在別處被變更，已另存為新紀錄。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only the newest %n note(s) are listed.</source>
        <translation>
            <numerusform>只列出最新的 %n 筆紀錄。</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a draft note first: the dictation goes into the section where its cursor is.</source>
        <translation>請先開啟一份草稿紀錄：聽寫內容會放進游標所在的段落。</translation>
    </message>
    <message>
        <source>Dictation added to note {number}.</source>
        <translation>聽寫內容已加入紀錄 {number}。</translation>
    </message>
    <message>
        <source>New note: {title}</source>
        <translation>新增紀錄：{title}</translation>
    </message>
    <message>
        <source>No note was made: choose the resident it is about.</source>
        <translation>未建立紀錄：請選擇這筆紀錄所屬的住民。</translation>
    </message>
</context>
<context>
    <name>NotesRecord</name>
    <message>
        <source>Switch…</source>
        <translation>切換人員…</translation>
    </message>
    <message>
        <source>The template of new notes</source>
        <translation>新記錄使用的範本</translation>
    </message>
    <message>
        <source>Handover…</source>
        <translation>交班…</translation>
    </message>
    <message>
        <source>Staff…</source>
        <translation>員工…</translation>
    </message>
    <message>
        <source>Templates…</source>
        <translation>範本…</translation>
    </message>
    <message>
        <source>Daily care note</source>
        <translation>每日照護記錄</translation>
    </message>
    <message>
        <source>Free note</source>
        <translation>自由記錄</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>尚無人登入</translation>
    </message>
    <message>
        <source>Signed in: {name}</source>
        <translation>已登入：{name}</translation>
    </message>
    <message>
        <source>Sign in as a manager to change staff and templates.</source>
        <translation>請以主管身分登入，才能變更員工與範本。</translation>
    </message>
    <message>
        <source>Only a manager can change staff and templates.</source>
        <translation>只有主管可以變更員工與範本。</translation>
    </message>
    <message>
        <source>Add staff, change roles, disable, set PINs</source>
        <translation>新增員工、變更角色、停用、設定 PIN</translation>
    </message>
    <message>
        <source>Make and change note templates</source>
        <translation>建立與修改記錄範本</translation>
    </message>
    <message>
        <source>Staff records are kept from now on: sign in.</source>
        <translation>從現在起會保存員工記錄：請登入。</translation>
    </message>
    <message>
        <source>created</source>
        <translation>建立</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>編輯</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>簽署</translation>
    </message>
    <message>
        <source>addendum</source>
        <translation>補充說明</translation>
    </message>
    <message>
        <source>viewed</source>
        <translation>檢視</translation>
    </message>
    <message>
        <source>exported</source>
        <translation>匯出</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>列印</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>標記</translation>
    </message>
    <message>
        <source>History of note {number}</source>
        <translation>記錄 {number} 的歷程</translation>
    </message>
    <message>
        <source>When</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>人員</translation>
    </message>
    <message>
        <source>What</source>
        <translation>動作</translation>
    </message>
    <message>
        <source>Addendum to note {number}</source>
        <translation>記錄 {number} 的補充說明</translation>
    </message>
    <message>
        <source>A signed note stays as it is; this is added to it.</source>
        <translation>已簽署的記錄維持原樣；這段文字會附加在後面。</translation>
    </message>
    <message>
        <source>Addendum saved as note {number}.</source>
        <translation>補充說明已儲存為記錄 {number}。</translation>
    </message>
</context>
<context>
    <name>NotesServerGroup</name>
    <message>
        <source>Notes server</source>
        <translation>記錄伺服器</translation>
    </message>
    <message>
        <source>This computer (a private file)</source>
        <translation>這台電腦（私人檔案）</translation>
    </message>
    <message>
        <source>A PostgreSQL server shared by workstations</source>
        <translation>多台工作站共用的 PostgreSQL 伺服器</translation>
    </message>
    <message>
        <source>Keep &amp;notes on:</source>
        <translation>記錄存放於(&amp;N)：</translation>
    </message>
    <message>
        <source>care-server, or a socket folder such as /run</source>
        <translation>care-server，或通訊端資料夾，例如 /run</translation>
    </message>
    <message>
        <source>Default (5432)</source>
        <translation>預設（5432）</translation>
    </message>
    <message>
        <source>Encrypt when the server offers it (prefer)</source>
        <translation>伺服器支援時加密（prefer）</translation>
    </message>
    <message>
        <source>Always encrypt (require)</source>
        <translation>一律加密（require）</translation>
    </message>
    <message>
        <source>Encrypt and check the server&apos;s certificate (verify-full)</source>
        <translation>加密並檢查伺服器憑證（verify-full）</translation>
    </message>
    <message>
        <source>Unchanged (kept in a private file)</source>
        <translation>不變（存於私人檔案）</translation>
    </message>
    <message>
        <source>Server (&amp;host):</source>
        <translation>伺服器（主機）(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>連接埠(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>資料庫(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>使用者(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Encryption:</source>
        <translation>加密(&amp;E)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密碼(&amp;W)：</translation>
    </message>
    <message>
        <source>Give the server&apos;s host (or socket folder) and the database.</source>
        <translation>請填寫伺服器主機（或通訊端資料夾）與資料庫。</translation>
    </message>
    <message>
        <source>The notes stay where they were. {reason}</source>
        <translation>記錄仍留在原處。{reason}</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>長度</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Time remaining</source>
        <translation>剩餘時間</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>裝置</translation>
    </message>
    <message>
        <source>detect</source>
        <translation>自動偵測</translation>
    </message>
    <message>
        <source>{name} (in {folder})</source>
        <translation>{name}（在 {folder}）</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排隊中</translation>
    </message>
    <message>
        <source>transcribing {percent} %</source>
        <translation>轉錄中 {percent} %</translation>
    </message>
    <message>
        <source>loading model</source>
        <translation>正在載入模型</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>正在開始</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed: {reason}</source>
        <translation>失敗：{reason}</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>estimating…</source>
        <translation>估算中…</translation>
    </message>
    <message>
        <source>under a second</source>
        <translation>不到一秒</translation>
    </message>
    <message>
        <source>about {seconds} s</source>
        <translation>約 {seconds} 秒</translation>
    </message>
    <message>
        <source>about {minutes} min</source>
        <translation>約 {minutes} 分鐘</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
</context>
<context>
    <name>RecordControls</name>
    <message>
        <source>Start or stop recording (F9, anywhere in the window)</source>
        <translation>開始或停止錄音（F9，在視窗任何位置皆可）</translation>
    </message>
    <message>
        <source>Time recorded</source>
        <translation>已錄音時間</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>正在完成…</translation>
    </message>
    <message>
        <source>Stop (F9)</source>
        <translation>停止（F9）</translation>
    </message>
    <message>
        <source>Record (F9)</source>
        <translation>錄音（F9）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>繼續</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <source>{time} (paused)</source>
        <translation>{time}（已暫停）</translation>
    </message>
</context>
<context>
    <name>RecoveryBanner</name>
    <message>
        <source>Recover</source>
        <translation>復原</translation>
    </message>
    <message>
        <source>Save what was recorded and transcribe it</source>
        <translation>保存已錄下的內容並轉錄</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>捨棄</translation>
    </message>
    <message>
        <source>Move the recording to the &apos;discarded&apos; folder; nothing is deleted</source>
        <translation>將錄音移到「discarded」資料夾；不會刪除任何內容</translation>
    </message>
    <message>
        <source>The recording could not be moved to the &apos;discarded&apos; folder ({error}).</source>
        <translation>無法將錄音移到「discarded」資料夾（{error}）。</translation>
    </message>
    <message>
        <source>A dictation was not saved as a note ({duration}, {date}). Recover and transcribe?</source>
        <translation>有一段口述未儲存為紀錄（{duration}，{date}）。要復原並轉寫嗎？</translation>
    </message>
    <message>
        <source>A recording was interrupted ({duration}, {date}). Recover and transcribe?</source>
        <translation>有一段錄音被中斷（{duration}，{date}）。要復原並轉錄嗎？</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
</context>
<context>
    <name>RemoteControl</name>
    <message>
        <source>No window had the keyboard focus; the text stays here.</source>
        <translation>沒有視窗取得鍵盤焦點；文字保留在這裡。</translation>
    </message>
    <message>
        <source>Typed into &quot;{title}&quot;.</source>
        <translation>已輸入到「{title}」。</translation>
    </message>
</context>
<context>
    <name>ResidentList</name>
    <message>
        <source>Filter residents</source>
        <translation>篩選住民</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Add a resident</source>
        <translation>新增住民</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重新命名…</translation>
    </message>
    <message>
        <source>Rename the selected resident</source>
        <translation>重新命名選取的住民</translation>
    </message>
    <message>
        <source>Vocabulary…</source>
        <translation>專有名詞…</translation>
    </message>
    <message>
        <source>Names and medications to spell right in the selected resident&apos;s notes</source>
        <translation>選取住民的紀錄中要寫對的姓名與藥名</translation>
    </message>
    <message>
        <source>All residents</source>
        <translation>所有住民</translation>
    </message>
    <message>
        <source>Rename resident</source>
        <translation>重新命名住民</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
</context>
<context>
    <name>ResidentPicker</name>
    <message>
        <source>Which resident?</source>
        <translation>哪一位住民？</translation>
    </message>
    <message>
        <source>Type to find a resident</source>
        <translation>輸入以尋找住民</translation>
    </message>
    <message>
        <source>{name} is selected in Notes. Check that the note is about them, or choose someone else.</source>
        <translation>「紀錄」中選取的是 {name}。請確認這份紀錄是關於這位住民，或改選其他人。</translation>
    </message>
    <message>
        <source>New resident…</source>
        <translation>新增住民…</translation>
    </message>
    <message>
        <source>This note is about:</source>
        <translation>這份紀錄是關於：</translation>
    </message>
    <message>
        <source>New resident</source>
        <translation>新增住民</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Find in transcript</source>
        <translation>在逐字稿中尋找</translation>
    </message>
    <message>
        <source>{current} of {total}</source>
        <translation>第 {current} 個，共 {total} 個</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一個符合項目（Shift+Enter）</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一個符合項目（Enter）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>關閉（Esc）</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>尋找：</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>沒有符合的項目</translation>
    </message>
</context>
<context>
    <name>SegmentPlayer</name>
    <message>
        <source>The sound could not be played because of an unexpected error; the log has the details.</source>
        <translation>發生未預期的錯誤，無法播放聲音；詳細資訊請見記錄檔。</translation>
    </message>
    <message>
        <source>No sound output device was found; connect speakers or headphones, or check that this computer&apos;s sound is switched on, then try again.</source>
        <translation>找不到聲音輸出裝置；請接上喇叭或耳機，或確認這台電腦的聲音已開啟，然後再試一次。</translation>
    </message>
    <message>
        <source>Sound cannot be played on this computer: the PortAudio sound library is not installed.</source>
        <translation>這台電腦無法播放聲音：未安裝 PortAudio 音效函式庫。</translation>
    </message>
    <message>
        <source>Sound could not be played: the output device refused to start ({detail}).</source>
        <translation>無法播放聲音：輸出裝置無法啟動（{detail}）。</translation>
    </message>
    <message>
        <source>Sound playback stopped because the output device failed ({detail}).</source>
        <translation>輸出裝置發生故障，聲音播放已停止（{detail}）。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>The interface language and the number of workers change the next time Care Voice starts.</source>
        <translation>介面語言與同時轉錄數的變更，會在下次啟動 Care Voice 時生效。</translation>
    </message>
    <message>
        <source>Transcription</source>
        <translation>轉錄</translation>
    </message>
    <message>
        <source>Automatic (tiny.en for English, base otherwise)</source>
        <translation>自動（英語用 tiny.en，其他語言用 base）</translation>
    </message>
    <message>
        <source>%s (English only)</source>
        <translation>%s（僅英語）</translation>
    </message>
    <message>
        <source>%s (all languages)</source>
        <translation>%s（所有語言）</translation>
    </message>
    <message>
        <source>Default &amp;model:</source>
        <translation>預設模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Automatic (detect the language)</source>
        <translation>自動（偵測語言）</translation>
    </message>
    <message>
        <source>Spoken &amp;language:</source>
        <translation>錄音語言(&amp;L)：</translation>
    </message>
    <message>
        <source>Names and medications, separated by commas, e.g. Mrs Chen, metformin, donepezil</source>
        <translation>住民姓名與藥名，用逗號分隔，例如：陳太太, metformin, donepezil</translation>
    </message>
    <message>
        <source>&amp;Vocabulary:</source>
        <translation>專有名詞(&amp;V)：</translation>
    </message>
    <message>
        <source>Write Mandarin in &amp;Traditional characters (Taiwan)</source>
        <translation>華語以繁體中文（台灣用語）輸出(&amp;T)</translation>
    </message>
    <message>
        <source>Skip &amp;silence (voice-activity filter)</source>
        <translation>略過靜音（語音活動偵測）(&amp;S)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>運算裝置</translation>
    </message>
    <message>
        <source>Automatic (the GPU when it works, else the CPU)</source>
        <translation>自動（GPU 可用時用 GPU，否則用 CPU）</translation>
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
        <source>&amp;Run on:</source>
        <translation>執行於(&amp;R)：</translation>
    </message>
    <message>
        <source>GPU &amp;only: stop with a message instead of falling back to the CPU</source>
        <translation>只用 GPU(&amp;O)：無法使用時顯示訊息並停止，不改用 CPU</translation>
    </message>
    <message>
        <source>How many recordings are transcribed at the same time. Each worker needs its own memory.</source>
        <translation>同時轉錄幾個錄音檔。每多一個，就需要多一份記憶體。</translation>
    </message>
    <message>
        <source>&amp;Workers:</source>
        <translation>同時轉錄數(&amp;W)：</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>輸出</translation>
    </message>
    <message>
        <source>Nowhere: transcripts stay in Care Voice</source>
        <translation>不另存：逐字稿只保留在 Care Voice 中</translation>
    </message>
    <message>
        <source>Each finished transcript is also saved in this folder as text and SRT.</source>
        <translation>每份完成的逐字稿也會以純文字和 SRT 字幕存到這個資料夾。</translation>
    </message>
    <message>
        <source>Also save transcripts &amp;in:</source>
        <translation>另存逐字稿到(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>選擇(&amp;C)…</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>介面</translation>
    </message>
    <message>
        <source>Interface lan&amp;guage:</source>
        <translation>介面語言(&amp;G)：</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>紀錄</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分鐘</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>永不</translation>
    </message>
    <message>
        <source>Where staff sign in: sign out after this many minutes without a key press or click, and ask who is working.</source>
        <translation>有員工登入時：這麼多分鐘沒有按鍵或點選，就登出並詢問誰在值班。</translation>
    </message>
    <message>
        <source>&amp;Sign out when idle:</source>
        <translation>閒置時登出(&amp;S)：</translation>
    </message>
    <message>
        <source>%s (not on this machine)</source>
        <translation>%s（這台電腦上沒有）</translation>
    </message>
    <message>
        <source>Choose the output folder</source>
        <translation>選擇輸出資料夾</translation>
    </message>
    <message>
        <source>%1 understands English only: %2 will come out as English words or nonsense. Choose Automatic or a model for all languages.</source>
        <translation>%1 只懂英語：%2的錄音會變成英文字或無意義的文字。請選擇「自動」或支援所有語言的模型。</translation>
    </message>
    <message>
        <source>This folder does not exist.</source>
        <translation>這個資料夾不存在。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登入</translation>
    </message>
    <message>
        <source>Who is working:</source>
        <translation>值班人員：</translation>
    </message>
    <message>
        <source>PIN:</source>
        <translation>PIN 碼：</translation>
    </message>
    <message>
        <source>Care notes record who wrote them. Who are you?</source>
        <translation>照護記錄會記下撰寫者。請問您是哪位？</translation>
    </message>
    <message>
        <source>carer</source>
        <translation>照服員</translation>
    </message>
    <message>
        <source>nurse</source>
        <translation>護理師</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>主管</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs: wait %n second(s), then try again.</source>
        <translation>
            <numerusform>PIN 碼錯誤次數過多：請等待 %n 秒後再試。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>That PIN is not right. Wait %n second(s), then try again.</source>
        <translation>
            <numerusform>PIN 碼不正確。請等待 %n 秒後再試。</numerusform>
        </translation>
    </message>
    <message>
        <source>That PIN is not right. Try again.</source>
        <translation>PIN 碼不正確，請再試一次。</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Staff</source>
        <translation>員工</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Set role</source>
        <translation>設定角色</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Set PIN</source>
        <translation>設定 PIN</translation>
    </message>
    <message>
        <source>Selected staff member</source>
        <translation>選取的員工</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>New PIN:</source>
        <translation>新 PIN 碼：</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Add a staff member</source>
        <translation>新增員工</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>PIN:</source>
        <translation>PIN 碼：</translation>
    </message>
    <message>
        <source>PIN again:</source>
        <translation>再輸入一次 PIN 碼：</translation>
    </message>
    <message>
        <source>carer</source>
        <translation>照服員</translation>
    </message>
    <message>
        <source>nurse</source>
        <translation>護理師</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在職</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>啟用</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>兩次輸入的 PIN 不一樣。</translation>
    </message>
    <message>
        <source>{name} was added.</source>
        <translation>已新增 {name}。</translation>
    </message>
    <message>
        <source>{name} was changed.</source>
        <translation>已變更 {name}。</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>Note templates</source>
        <translation>記錄範本</translation>
    </message>
    <message>
        <source>New template</source>
        <translation>新範本</translation>
    </message>
    <message>
        <source>Heading of a section</source>
        <translation>段落標題</translation>
    </message>
    <message>
        <source>Add section</source>
        <translation>新增段落</translation>
    </message>
    <message>
        <source>Rename section</source>
        <translation>重新命名段落</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove section</source>
        <translation>移除段落</translation>
    </message>
    <message>
        <source>Offered for new notes</source>
        <translation>新紀錄可選用</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>儲存範本</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名稱：</translation>
    </message>
    <message>
        <source>Sections:</source>
        <translation>段落：</translation>
    </message>
    <message>
        <source>Notes already written keep their own headings.</source>
        <translation>已寫好的記錄會保留原本的標題。</translation>
    </message>
    <message>
        <source>{name} (retired)</source>
        <translation>{name}（已停用）</translation>
    </message>
    <message>
        <source>(a new template)</source>
        <translation>（新範本）</translation>
    </message>
    <message>
        <source>Type the section&apos;s heading first.</source>
        <translation>請先輸入段落標題。</translation>
    </message>
    <message>
        <source>Template saved: {name}</source>
        <translation>範本已儲存：{name}</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Click to hear this segment</source>
        <translation>按一下即可聆聽這一段</translation>
    </message>
</context>
<context>
    <name>TranscriptOutput</name>
    <message>
        <source>Copy all</source>
        <translation>全部複製</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>複製文字</translation>
    </message>
    <message>
        <source>Copy with timestamps</source>
        <translation>連同時間戳記複製</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>純文字</translation>
    </message>
    <message>
        <source>SubRip subtitles</source>
        <translation>SubRip 字幕</translation>
    </message>
    <message>
        <source>WebVTT subtitles</source>
        <translation>WebVTT 字幕</translation>
    </message>
    <message>
        <source>JSON, with all details</source>
        <translation>JSON（含所有細節）</translation>
    </message>
    <message>
        <source>The transcript was copied.</source>
        <translation>逐字稿已複製。</translation>
    </message>
    <message>
        <source>transcript</source>
        <translation>逐字稿</translation>
    </message>
    <message>
        <source>Export transcript</source>
        <translation>匯出逐字稿</translation>
    </message>
    <message>
        <source>Could not save {name}: {reason}</source>
        <translation>無法儲存 {name}：{reason}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已儲存 {path}</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <source>No speech was found in this recording.</source>
        <translation>這段錄音中沒有偵測到語音。</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>尋找…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop playing the segment</source>
        <translation>停止播放這一段</translation>
    </message>
    <message>
        <source>Model {model}</source>
        <translation>模型 {model}</translation>
    </message>
    <message>
        <source>{language}, {percent}% sure</source>
        <translation>{language}（把握度 {percent}%）</translation>
    </message>
    <message>
        <source>Language: {language}</source>
        <translation>語言：{language}</translation>
    </message>
    <message>
        <source>translated to English</source>
        <translation>已翻譯成英文</translation>
    </message>
    <message>
        <source>Length {duration}</source>
        <translation>長度 {duration}</translation>
    </message>
    <message>
        <source>Load {load} s · Transcribe {transcribe} s · Total {total} s</source>
        <translation>載入 {load} 秒 · 轉錄 {transcribe} 秒 · 總計 {total} 秒</translation>
    </message>
    <message>
        <source>The transcription was cancelled: this transcript is incomplete.</source>
        <translation>轉錄已取消：這份逐字稿不完整。</translation>
    </message>
    <message>
        <source>The correction was not saved: {reason}</source>
        <translation>修正沒有儲存：{reason}</translation>
    </message>
    <message>
        <source>Correction saved.</source>
        <translation>修正已儲存。</translation>
    </message>
    <message>
        <source>Close without keeping the corrections?</source>
        <translation>要關閉而不保留修正嗎？</translation>
    </message>
    <message>
        <source>The corrections made in this transcript are not saved anywhere. Export the transcript first to keep them.</source>
        <translation>這份逐字稿的修正沒有存在任何地方。若要保留，請先匯出逐字稿。</translation>
    </message>
    <message>
        <source>There is no recording to play for this transcript.</source>
        <translation>這份逐字稿沒有可以播放的錄音。</translation>
    </message>
    <message>
        <source>Loading the recording…</source>
        <translation>正在載入錄音…</translation>
    </message>
    <message>
        <source>Playing {times}</source>
        <translation>正在播放 {times}</translation>
    </message>
</context>
<context>
    <name>VocabularyDialog</name>
    <message>
        <source>Vocabulary — {name}</source>
        <translation>專有名詞 — {name}</translation>
    </message>
    <message>
        <source>Names and medications Care Voice should spell right in notes about {name}. Their own name is always included.</source>
        <translation>Care Voice 在 {name} 的紀錄中應寫對的姓名與藥名。住民本人的姓名一律包含在內。</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>詞語</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>A name or medication, e.g. Donepezil</source>
        <translation>姓名或藥名，例如：Donepezil</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Medication</source>
        <translation>藥名</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>{term} is already in the list.</source>
        <translation>{term} 已在清單中。</translation>
    </message>
    <message>
        <source>{terms} are already in the list.</source>
        <translation>{terms} 已在清單中。</translation>
    </message>
</context>
</TS>
