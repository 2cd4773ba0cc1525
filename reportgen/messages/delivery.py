"""Messages of the delivery stage: id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "output.disk_full": ("ディスクの空きが足りず、書き出せませんでした。空きを作ってからもう一度実行してください（前の版はそのままです）",
                         "not enough disk space to write the files: free some space and run again "
                         "(the previous edition is unchanged)"),
    "output.not_writable": ("このフォルダに書き込めません（{reason}）。書き込めるフォルダを -o で指定するか、"
                            "権限を確かめてください（前の版はそのままです）",
                            "cannot write in this folder ({reason}): give a writable folder with -o, or check its "
                            "permissions (the previous edition is unchanged)"),
    "output.write_failed": ("書き出しに失敗しました（{reason}）。ディスクや共有フォルダの状態を確かめて、もう一度実行してください"
                            "（前の版はそのままです）",
                            "writing the files failed ({reason}): check the disk or the shared folder and run again "
                            "(the previous edition is unchanged)"),
    "output.locked": ("別の reportgen がこのフォルダに書き出し中です（1 分待っても終わりません）。"
                      "終わってからもう一度実行してください。実行中のものがなければ、このロックファイルを削除してください",
                      "another reportgen run is writing to this folder (still after a minute): run again when it "
                      "has finished; if none is running, delete this lock file"),
    "output.folder_in_the_way": ("書き出すファイルと同じ名前のフォルダがあります。移動するか、-o で別の出力先を指定してください"
                                 "（前の版はそのままです）",
                                 "a folder has the name of a file to be written: move it, or give another output "
                                 "folder with -o (the previous edition is unchanged)"),
    "output.replace_failed": ("このファイルを置き換えられませんでした（{reason}）。Excel などで開いていれば閉じてから、"
                              "もう一度実行してください（前の版に戻してあります）",
                              "this file could not be replaced ({reason}): close it if it is open in Excel or "
                              "another program, and run again (the previous edition has been put back)"),
    "output.restore_failed": ("書き出しに失敗し、前の版に戻す途中でも失敗しました（{reason}）。原因を取り除いてから"
                              "reportgen をもう一度実行すると、前の版に戻してから書き出します",
                              "writing failed, and putting the previous edition back failed too ({reason}): remove "
                              "the cause and run reportgen again; it puts the previous edition back first"),
    "output.restored": ("前回の実行が途中で止まっていたため、前の版に戻しました",
                        "a previous run had stopped part-way: the previous edition has been put back"),
    # ---------------------------------------------------------------- split
    "split.progress": ("分割中 [{bar}] {done}/{total}", "Splitting [{bar}] {done}/{total}"),
    "split.one_language": ("--lang: split は 1 回に 1 つの言語で作ります（{lang} は 1 つずつ実行してください）",
                           "--lang: split makes one language at a time (run it once for each of {lang})"),
    "split.unsupported_formats": ("--format: split が作れるのは {formats} です（{unsupported} は不可）",
                                  "--format: split makes only {formats} (not {unsupported})"),

    # ---------------------------------------------------------------- output
    "output.folder_is_a_file": ("出力先がフォルダではなくファイルです",
                                "the output folder is an existing file, not a folder"),

    # ---------------------------------------------------------------- address book
    "address_book.control_character": ("改行・制御文字 ({name}) はメールのヘッダーに使えません",
                                       "line breaks and control characters ({name}) cannot go into a mail header"),
    "address_book.encoded_word": ("「=?」(MIME encoded-word) はメールのヘッダーに使えません",
                                  '"=?" (MIME encoded-word) cannot go into a mail header'),
    "address_book.incomplete_address": ("メールアドレスとして読めません（@ の前後が必要です）",
                                        "not an email address (it needs text before and after the @)"),
    "address_book.non_ascii_address": ("メールアドレスに全角・非 ASCII 文字があります",
                                       "the email address has full-width or other non-ASCII characters"),
    "address_book.not_an_address": ("メールアドレスとして読めません", "not an email address"),
    "address_book.address_defect": ("メールアドレスとして読めません（{defect}）", "not an email address ({defect})"),
    "address_book.group_address": ("グループ形式 (名前: …;) のアドレスは使えません",
                                   "group addresses (name: …;) cannot be used"),
    "address_book.unclear_separators": ("メールアドレスの区切りがあいまいです（カンマ区切りで、名前は \"…\" で囲んでください）",
                                        'the addresses are not clearly separated (separate them with commas, '
                                        'put names in "…")'),
    "address_book.no_at_sign": ("メールアドレスに @ がありません", "the email address has no @"),
    "address_book.more_than_one_address": ("宛先は 1 つだけ書けます（{count} 件あります）",
                                           "only one address is allowed here ({count} given)"),
    "address_book.no_address": ("メールアドレスがありません", "no email address"),
    "address_book.no_row": ("{bureau} {division} の宛先がありません", "no address for {bureau} {division}"),
    "address_book.unused_row": ("{bureau} {division} は送付対象にありません（この行は使いません）",
                                "{bureau} {division} receives no files (this row is not used)"),
    "address_book.unreadable": ("宛先表を読めません: {reason}", "cannot read the address book: {reason}"),
    "address_book.not_csv": ("CSV として読めません: {problem}", "not a readable CSV file: {problem}"),
    "address_book.empty": ("宛先表が空です", "the address book is empty"),
    "address_book.missing_columns": ("列 {columns} がありません（見出しは 局, 担当課, email, cc）",
                                     "column {columns} missing (the headings are 局, 担当課, email, cc)"),
    "address_book.repeated_columns": ("列 {columns} が重複しています（見出しは 局, 担当課, email, cc）",
                                      "column {columns} appears twice (the headings are 局, 担当課, email, cc)"),
    "address_book.too_many_columns": ("列が多すぎます（{count} 列、見出しは {header} 列）。"
                                      "カンマを含むセルは \"…\" で囲んでください",
                                      "too many columns ({count}; the header has {header}): "
                                      'put cells that contain a comma in "…"'),
    "address_book.blank": ("空欄です", "blank"),
    "address_book.bad_address": ("「{value}」: {problem}", '"{value}": {problem}'),
    "address_book.repeated_row": ("{bureau} {division} の行が重複しています（{first} 行目にもあります）",
                                  "{bureau} {division} has two rows (also line {first})"),

    # ---------------------------------------------------------------- manifest
    "manifest.repeated_keys": ("キー {keys} が重複しています", "the keys {keys} appear twice"),
    "manifest.unreadable": ("読めません: {reason}（先に reportgen split を実行してください）",
                            "cannot read: {reason} (run reportgen split first)"),
    "manifest.not_utf8": ("UTF-8 として不正なバイト (offset {offset})", "invalid byte for UTF-8 at offset {offset}"),
    "manifest.not_json": ("JSON として読めません: {problem}", "not valid JSON: {problem}"),
    "manifest.not_a_json_object": ("JSON のオブジェクトではありません", "not a JSON object"),
    "manifest.no_title": ("表題 (文字列) がありません", "no title (a string)"),
    "manifest.bad_years": ("年度は西暦の整数 2 つ ([2024, 2025] など) です",
                           "the years must be two Western years as integers (such as [2024, 2025])"),
    "manifest.bad_lang": ("言語「{lang}」は {languages} のどれでもありません",
                          'the language "{lang}" is none of {languages}'),
    "manifest.codes_mismatch": ("{codes} が years {years} と合いません", "{codes} does not match the years {years}"),
    "manifest.no_files": ("担当課ごとのファイルの一覧 (配列) がありません", "no list (array) of the files per division"),
    "manifest.repeated_division": ("{bureau} {division} が重複しています", "{bureau} {division} appears twice"),
    "manifest.not_an_object": ("オブジェクトではありません", "not an object"),
    "manifest.no_name": ("名前がありません", "no name"),
    "manifest.unsafe_name": ("{value!r}: {problem}", "{value!r}: {problem}"),
    "manifest.bad_programs": ('事業の一覧は {{"number": 整数, "name": 文字列}} の配列です',
                              'the programs must be an array of {{"number": integer, "name": string}}'),
    "manifest.bad_totals": ("合計は年度ごとの整数 (千円) または null の 2 つです",
                            "the totals must be two values, one per year: an integer (thousand yen) or null"),
    "manifest.bad_attachment": ("「{name}」: {problem}", '"{name}": {problem}'),
    "manifest.no_attachment": ("添付するファイル ({kinds}) がありません", "no file to attach ({kinds})"),
    "manifest.not_a_file_name": ("ファイル名 (文字列) ではありません", "not a file name (a string)"),
    "manifest.not_directly_inside": ("OUT 直下の相対パスではありません（絶対パス・../・サブフォルダーは使えません）",
                                     "not a file directly inside OUT (no absolute paths, ../ or subfolders)"),
    "manifest.wrong_extension": ("拡張子が .{kind} ではありません", "the extension is not .{kind}"),
    "manifest.outside": ("OUT の外を指しています（シンボリックリンク）", "points outside OUT (a symbolic link)"),
    "manifest.no_such_file": ("ファイルがありません", "no such file"),
    "manifest.ambiguous_division": ("「{name}」に当たる担当課が {count} つあります: {matches}（局/担当課 で指定してください）",
                                    '"{name}" matches {count} divisions: {matches} '
                                    "(name it as 局/担当課, bureau/division)"),
    "manifest.unknown_division": ("「{name}」は manifest にありません（局/担当課 または 担当課 で指定します）",
                                  '"{name}" is not in the manifest '
                                  "(name it as 局/担当課 or 担当課, bureau/division or division)"),
    "manifest.unknown_division_like": ("「{name}」は manifest にありません（もしかして: {close}）",
                                       '"{name}" is not in the manifest (did you mean: {close}?)'),

    # ---------------------------------------------------------------- send log
    "send_log.lock_unopenable": ("送信の排他ファイルを開けません: {problem}", "cannot open the mail lock file: {problem}"),
    "send_log.busy": ("同じ OUT で別の reportgen mail が送信中です。終わってから実行してください",
                      "another reportgen mail is sending from this OUT; run again when it has finished"),
    "send_log.unreadable": ("送信記録を読めません: {problem}", "cannot read the send log: {problem}"),
    "send_log.bad_line": ("送信記録の行として読めません（内容を確かめてから直すか、この行を消してください）",
                          "not a send log record (check it, then fix or delete this line)"),

    # ---------------------------------------------------------------- mail: building messages
    "mail.empty_subject": ("件名が空です", "the subject is empty"),
    "mail.unsafe_subject": ("{bureau} {division} の件名 {subject!r}: {problem}",
                            "subject {subject!r} for {bureau} {division}: {problem}"),

    # ---------------------------------------------------------------- mail: the command's help
    "mail.help_out": ("reportgen split の出力フォルダ（manifest.json のあるフォルダ）",
                      "the output folder of reportgen split (the folder with manifest.json)"),
    "mail.help_addresses": ("宛先表 CSV（局, 担当課, email, cc）", "the address book, a CSV file (局, 担当課, email, cc)"),
    "mail.help_smtp": ("SMTP サーバー（既定: {default}）", "the SMTP server (default: {default})"),
    "mail.help_starttls": ("STARTTLS で暗号化し、サーバー証明書を検証する",
                           "encrypt with STARTTLS and verify the server certificate"),
    "mail.help_cafile": ("サーバー証明書を検証する CA 証明書 (PEM)", "the CA certificate to verify the server certificate (PEM)"),
    "mail.help_user": ("SMTP 認証のユーザー名（パスワードは環境変数 {variable}）",
                       "the user name for SMTP login (the password in the environment variable {variable})"),
    "mail.help_from": ("差出人（送信には必須）", "the sender (needed to send)"),
    "mail.help_deadline": ("本文に書く回答期限（例: 令和6年5月31日（金））",
                           "the reply deadline written in the body (such as 令和6年5月31日（金）)"),
    "mail.help_dry_run": ("送信せず、OUT/outbox/ に .eml として書き出す", "send nothing: write .eml files to OUT/outbox/"),
    "mail.help_templates": ("件名・本文のテンプレートを置き換えるフォルダ",
                            "a folder of templates replacing those of the subject and body"),
    "mail.help_resend": ("送信済みでもこの担当課に送り直す（局/担当課、または他の局にない 担当課。繰り返し指定可）",
                         "send to this division again though it was sent (局/担当課, or 担当課 when no other bureau "
                         "has one by that name; may be repeated)"),

    # ---------------------------------------------------------------- mail: the command's options and folder
    "mail.bad_sender": ("「{value}」: {problem}", '"{value}": {problem}'),
    "mail.bad_smtp": ("「{value}」は HOST:PORT ではありません", '"{value}" is not HOST:PORT'),
    "mail.no_sender": ("送信には差出人 --from ADDR が必要です", "sending needs a sender: --from ADDR"),
    "mail.login_needs_starttls": ("--cafile・--user は --starttls と一緒に使います（平文で認証しません）",
                                  "--cafile and --user need --starttls (no login over plain text)"),
    "mail.unreadable_cafile": ("CA 証明書を読めません: {problem}", "cannot read the CA certificate: {problem}"),
    "mail.no_password": ("--user にはパスワードを環境変数 {variable} で渡してください",
                         "with --user, give the password in the environment variable {variable}"),
    "mail.outside_folder": ("{folder} の外を指しています（シンボリックリンク）", "points outside {folder} (a symbolic link)"),
    "mail.out_not_writable": ("OUT に書き込めないため、送信記録 {log} を残せません",
                              "OUT is not writable, so the send log {log} cannot be kept"),

    # ---------------------------------------------------------------- mail: what the command prints
    "mail.partly_sent": ("{bureau} {division}: {accepted} には送信済みのため、まだ届いていない {remaining} にだけ送ります"
                         "（全員に送り直すには --resend {resend}）",
                         "{bureau} {division}: already accepted for {accepted}; sending only to {remaining} "
                         "(to send to everyone again: --resend {resend})"),
    "mail.sent_to_remaining": ("sent: {bureau} {division} → {to}（残りの宛先）",
                               "sent: {bureau} {division} → {to} (the remaining recipients)"),
    "mail.skipped": ("skipped: {bureau} {division}（送信済み {sent_at} {mail_id}。送り直すには --resend {resend}）",
                     "skipped: {bureau} {division} (sent {sent_at} {mail_id}; to send again: --resend {resend})"),
    "mail.skipped_changed": ("skipped: {bureau} {division}（送信済み {sent_at} {mail_id}。送信後に添付ファイルが変わっています。"
                             "送り直すには --resend {resend}）",
                             "skipped: {bureau} {division} (sent {sent_at} {mail_id}; the attachments have changed since; "
                             "to send again: --resend {resend})"),
    "mail.written": ("written: {path}（{bureau} {division} → {to}）", "written: {path} ({bureau} {division} → {to})"),
    "mail.dry_run_summary": ("書き出し {written} 件、送信済みのためスキップ {skipped} 件（送信はしていません）",
                             "written {written}, skipped {skipped} already sent (nothing was sent)"),
    "mail.sent": ("sent: {bureau} {division} → {to}", "sent: {bureau} {division} → {to}"),
    "mail.sent_with_cc": ("sent: {bureau} {division} → {to}（cc: {cc}）", "sent: {bureau} {division} → {to} (cc: {cc})"),
    "mail.connection_broke": ("failed: {bureau} {division}: 送信中に接続が切れました: {error}（届いたかどうか分かりません。再実行すると送ります）",
                              "failed: {bureau} {division}: the connection broke while sending: {error} "
                              "(it is unknown whether the message arrived; a re-run sends it)"),
    "mail.refused_message": ("failed: {bureau} {division}: サーバーが受け付けませんでした: {reply}",
                             "failed: {bureau} {division}: the server refused the message ({reply})"),
    "mail.refused_recipients": ("failed: {bureau} {division}: サーバーが受け付けませんでした: {reasons}",
                                "failed: {bureau} {division}: the server refused: {reasons}"),
    "mail.refused_some_recipients": ("failed: {bureau} {division}: サーバーが受け付けませんでした: {reasons}"
                                     "（{delivered} には届いている可能性があります。送り直すと同じ Message-ID で届きます）",
                                     "failed: {bureau} {division}: the server refused: {reasons} "
                                     "({delivered} may have received it; sending again uses the same Message-ID)"),
    "mail.log_unwritable": ("failed: {bureau} {division}: 送信記録 {log} を書けません: {problem}（この結果は記録されていません。ここで止めます）",
                            "failed: {bureau} {division}: cannot write the send log {log}: {problem} "
                            "(this result is not recorded; stopping here)"),
    "mail.not_sent": ("failed: {bureau} {division}: 未送信（前の送信で止まりました。再実行すると送ります）",
                      "failed: {bureau} {division}: not sent (stopped after the previous message; a re-run sends it)"),
    "mail.summary": ("送信 {sent} 件、送信済みのためスキップ {skipped} 件、失敗・未送信 {failed} 件（記録: {log}）",
                     "sent {sent}, skipped {skipped} already sent, failed or not sent {failed} (log: {log})"),

    # ---------------------------------------------------------------- mail: SMTP
    "mail.cannot_connect": ("SMTP サーバーに接続できません: {problem}", "cannot connect to the SMTP server: {problem}"),
    "mail.certificate_not_trusted": ("サーバー証明書を検証できません (certificate not trusted): {problem}。"
                                     "--cafile で CA 証明書を指定してください",
                                     "cannot verify the server certificate (certificate not trusted): {problem}; "
                                     "give the CA certificate with --cafile"),
    "mail.not_supported": ("サーバーが対応していません: {problem}", "the server does not support this: {problem}"),
    "mail.login_failed": ("SMTP 認証に失敗しました: {reply}", "SMTP login failed: {reply}"),
    "mail.connection_failed": ("SMTP の接続に失敗しました: {problem}", "the SMTP connection failed: {problem}"),
}
