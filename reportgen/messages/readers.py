"""Messages of the readers stage: id -> (Japanese, English).

Ids start with the reader that says them: decoding (a text file's bytes), text (the
tab-separated layout; its row messages are said by the workbook reader too, which
reads a program row by the same rules), workbook, tree (assembling pages), sources
(files and folders) and validation (checks across rows).
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------ decoding: a text file's bytes
    "decoding.invalid_utf8_bom": ("UTF-8 (BOM 付き) として不正なバイト (offset {offset})",
                                  "invalid byte for UTF-8 (with BOM) at offset {offset}"),
    "decoding.cannot_decode": ("文字コードを判別できません: UTF-8 では byte offset {utf8_offset}、"
                               "CP932 (Shift_JIS) では byte offset {cp932_offset} が不正です",
                               "unknown text encoding: invalid byte at offset {utf8_offset} for UTF-8 "
                               "and at offset {cp932_offset} for CP932 (Shift_JIS)"),
    "decoding.control_character": ("制御文字 {code} が {column} 列目（行の {offset} 文字目）にあります",
                                   "control character {code} in column {column} (character {offset} of the line)"),
    "decoding.too_large": ("ファイルが大きすぎます（{limit} MB まで）", "the file is too large (at most {limit} MB)"),
    "decoding.empty": ("ファイルが空です", "the file is empty"),
    # ------------------------------------------------ text: the tab-separated layout
    "text.no_table": ("表が見つかりません（見出し行「主な施策…」がありません）",
                      "no table found (no header row starting with 主な施策)"),
    "text.too_many_errors": ("エラーが {limit} 件を超えたので、このファイルの残りは読みません",
                             "more than {limit} errors: the rest of this file is not read"),
    "text.row_before_header": ("見出し行（主な施策…）の前に表の行があります",
                               "a table row before the header row (主な施策…)"),
    "text.header_years": ("見出しの年度欄（R6・R7 など）を年度として読めません",
                          "the year cells of the header (R6, R7 …) are not fiscal years"),
    "text.years_differ": ("年度が前のページ（{codes}）と違います",
                          "the fiscal years differ from the previous page ({codes})"),
    "text.header_too_many_columns": ("見出し行の列が多すぎます（{count} 列）",
                                     "the header row has too many columns ({count})"),
    "text.header_mismatch": ("{column} 列目の見出しが「{found}」です（期待:「{expected}」）",
                             'column {column} of the header is "{found}" (expected "{expected}")'),
    "text.no_bureau": ("局名がファイルのどこにもありません。--bureau で局名を指定してください",
                       "the file names no bureau: give one with --bureau"),
    "text.too_few_columns": ("列が足りません（{count} 列、{needed} 列必要）",
                             "too few columns ({count}; {needed} needed)"),
    # a program row (the text and the workbook reader)
    "text.bad_mark": ("「{mark}」か空欄のはずが「{found}」です", 'expected "{mark}" or blank, found "{found}"'),
    "text.number_too_long": ("事業番号が {count} 桁あります（{limit} 桁まで）", "the program number has {count} digits (at most {limit})"),
    "text.number_not_whole": ("事業番号「{number}」が整数ではありません", 'program number "{number}" is not a whole number'),
    "text.name_blank": ("主要事務事業名が空欄です", "the program name is blank"),
    "text.division_blank": ("担当課が空欄です", "the division in charge is blank"),
    # the budget cells at a row's end; `values` is the Japanese list, `values_en` the English one
    "text.too_many_budgets": ("予算額の欄に値が {count} 個あります（2 個まで）: {values}",
                              "{count} values in the budget cells (at most 2): {values_en}"),
    "text.budget_year_unclear": ("予算額「{value}」がどちらの年度のものか判別できません"
                                 "（列の位置と「●」が一致しません）",
                                 'cannot tell which fiscal year the budget "{value}" belongs to '
                                 "(its column and the ● marks disagree)"),
    "text.budgets_shifted": ("余分な空欄を {extra} 個除き、予算額を左へ詰めて読みました（{budgets}）",
                             "removed {extra} extra blank cell(s) and read the budgets shifted left ({budgets_en})"),
    "text.blanks_ignored": ("行末の余分な空欄 {extra} 個を無視しました（{budgets}）",
                            "ignored {extra} extra blank cell(s) at the end of the row ({budgets_en})"),
    "text.no_budget": ("予算額なし", "no budget"),
    # ------------------------------------------------ workbook: a returned .xlsx
    "sources.no_returns": ("このフォルダにファイルがありません", "there is no file in this folder"),
    "collection.no_header": ("回収状況シートに見出し行（{headers}）がありません。reportgen が作った下書きの"
                             "回収状況シートを、見出しを変えずに使ってください",
                             "the returns sheet has no header row ({headers}): keep the sheet as reportgen wrote "
                             "it, headings unchanged"),
    "collection.bad_row": ("回収状況の「状況」は「{returned}」か「{not_returned}」で、局と担当課が必要です。"
                           "reportgen が書いた内容に戻してください",
                           "a returns row's status must be \"{returned}\" or \"{not_returned}\", with its bureau "
                           "and division: put back what reportgen wrote"),
    "collection.bad_date": ("取り込んだ日「{value}」が YYYY-MM-DD の形ではありません。reportgen が書いた日付に戻してください",
                            "the merge date \"{value}\" is not YYYY-MM-DD: put back the date reportgen wrote"),
    "kinds.xls_renamed": ("中身は Excel 97-2003 形式（.xls）ですが、名前が {suffix} になっています。"
                          "拡張子を .xls に直すか、Excel ブック（.xlsx）で保存し直してください",
                          "this is an Excel 97-2003 (.xls) workbook named {suffix}: rename it to .xls, or save it "
                          "as an Excel workbook (.xlsx)"),
    "kinds.ods_renamed": ("中身は LibreOffice の表計算ファイル（.ods）ですが、名前が {suffix} になっています。"
                          "拡張子を .ods に直すか、Excel 2007-365 (.xlsx) 形式で保存し直してください",
                          "this is a LibreOffice spreadsheet (.ods) named {suffix}: rename it to .ods, or save it "
                          "as \"Excel 2007-365 (.xlsx)\""),
    "kinds.not_a_spreadsheet": ("名前は {suffix} ですが、表計算のファイルではありません。元のファイルを確かめてください",
                                "this is named {suffix} but is not a spreadsheet: check the original file"),
    "kinds.xlsm": ("マクロ有効ブック（.xlsm）は読めません。Excel で「Excel ブック（.xlsx）」として保存し直してください",
                   "a macro-enabled workbook (.xlsm) cannot be read: save it in Excel as an \"Excel Workbook "
                   "(.xlsx)\""),
    "kinds.not_a_table": ("これは表のファイルではありません（{kind}）。表を Excel ブック（.xlsx）で保存して"
                          "指定してください",
                          "this is not a table ({kind}): save the table as an Excel workbook (.xlsx) and give that"),
    "kinds.return_not_a_workbook": ("担当課から戻ったファイルは、送ったブック（.xlsx）のはずですが、これは {suffix} です。"
                                    "送ったブックに記入し、Excel ブック（.xlsx）のまま送り直してもらってください",
                                    "a division's return should be the workbook it was sent (.xlsx), but this is "
                                    "{suffix}: ask the division to fill in that workbook and send it back as .xlsx"),
    "spreadsheet.cannot_open": ("ブックを開けません（{kind}: {error}）。Excel か LibreOffice で開けるか確かめ、"
                                "Excel ブック（.xlsx）で保存し直してください",
                                "the workbook cannot be opened ({kind}: {error}): check that Excel or LibreOffice "
                                "opens it, and save it as an Excel workbook (.xlsx)"),
    "spreadsheet.formulas_unchecked": ("Excel 97-2003 形式（.xls）では数式のセルを見分けられないため、保存されている値を"
                                       "そのまま取り込みました。数式を使った課には、値に直して .xlsx で返してもらってください",
                                       "in an Excel 97-2003 workbook (.xls) formula cells cannot be told apart, so the "
                                       "stored values were taken as typed: ask a division that used formulas to send "
                                       "values in an .xlsx"),
    "spreadsheet.fraction_in_text": ("数値 {value} が入っています。.xls/.ods では表示形式（50% など）が分からないため、"
                                     "表示どおりの文字で入力し直すか、Excel ブック（.xlsx）で保存してください",
                                     "the cell holds the number {value}; in .xls/.ods its display (50%, …) cannot be "
                                     "known: type it as the text it should print, or save as .xlsx"),
    "workbook.return_budget_rule": ("予算額は 0 以上の整数（千円単位）で入力してください。「{value}」は使えません"
                                    "（△ やマイナス、文字、カンマ入りの文字列は不可。減額は減ったあとの額を入力します）",
                                    "enter the budget as a whole number of thousands of yen, 0 or more: \"{value}\" "
                                    "cannot be used (no △, minus, letters or text with commas; for a cut, enter "
                                    "the amount after it)"),
    "workbook.not_a_zip": ("Excel ブック（.xlsx）ではありません（zip 形式ではありません。"
                           "パスワード付きのブックや古い .xls 形式は読めません）",
                           "not an Excel workbook (.xlsx): the file is not a zip archive "
                           "(password-protected workbooks and old .xls files cannot be read)"),
    "workbook.broken_zip": ("zip として壊れています: {error}", "the zip archive is broken: {error}"),
    "workbook.missing_parts": ("Excel ブック（.xlsx）ではありません（{parts} がありません）",
                               "not an Excel workbook (.xlsx): {parts} missing"),
    "workbook.too_large_unpacked": ("展開後の大きさが {total:,} バイトあります（上限 {limit:,} バイト）。"
                                    "zip 爆弾の疑いがあるため読みません",
                                    "{total:,} bytes when unpacked (limit {limit:,} bytes): "
                                    "not read, it may be a zip bomb"),
    "workbook.compression_ratio": ("{member} の圧縮率が {ratio:,.0f} 倍です（上限 {limit} 倍）。"
                                   "zip 爆弾の疑いがあるため読みません",
                                   "{member} is compressed {ratio:,.0f} times (limit {limit}): "
                                   "not read, it may be a zip bomb"),
    "workbook.grid_too_large": ("シート「{sheet}」の使用範囲が広すぎます（最後のセルが {row:,} 行目・{column:,} 列目。"
                                "全シートの使用範囲の合計の上限は {limit:,} セル）。表から離れた所に入力や書式の"
                                "残ったセルがあれば、その行・列を削除して保存し直してください",
                                "the used range of sheet \"{sheet}\" is too large (its last cell is in row {row:,}, "
                                "column {column:,}; all sheets' used ranges together may hold {limit:,} cells): "
                                "delete the rows and columns far from the table that still hold a value or a "
                                "format, and save again"),
    "workbook.too_many_elements": ("ブックの中身（XML 要素）が {limit:,} を超えるため読みません。"
                                   "表のあるシートだけを新しいブックにコピーして保存し直してください",
                                   "the workbook holds more than {limit:,} XML elements: not read. Copy the "
                                   "sheets with the table into a new workbook and save that"),
    "workbook.document_type": ("ブックの部品に文書型宣言（DOCTYPE）があります。Excel の作るブックにはないもので、"
                               "安全のため読みません",
                               "a part of the workbook declares a document type (DOCTYPE), which no workbook Excel "
                               "writes has: not read, for safety"),
    "workbook.no_defusedxml": ("defusedxml が openpyxl から使えないため、安全に読めません（pip install defusedxml）",
                               "cannot read workbooks safely: openpyxl cannot use defusedxml "
                               "(pip install defusedxml)"),
    "workbook.cannot_read_file": ("ファイルを読めません: {error}", "cannot read the file: {error}"),
    "workbook.cannot_open": ("Excel ブックとして開けません（{kind}: {error}）",
                             "cannot open as an Excel workbook ({kind}: {error})"),
    "workbook.sheet_too_large": ("シートが大きすぎます（{rows:,} 行 × {columns:,} 列、"
                                 "上限 {max_rows:,} 行 × {max_columns} 列）",
                                 "the sheet is too large ({rows:,} rows × {columns:,} columns; "
                                 "limit {max_rows:,} rows × {max_columns} columns)"),
    "workbook.no_table": ("表が見つかりません（見出し行「{header}…」（英語版は「Measure…」）のあるシートも、"
                          "「重点戦略」と「事務事業番号」の列見出しのあるシートもありません）",
                          "no table found (no sheet has a header row starting with {header} (Measure in an "
                          "English edition), nor the column headers 重点戦略 and 事務事業番号)"),
    "workbook.sheet_without_table": ("このシートに表（A 列に見出し「主な施策」のある行）が見つかりません。"
                                     "見出しを元に戻すか、表でないシートを削除してから読み込んでください",
                                     "this sheet has no table (no row with the header 主な施策 in column A): "
                                     "restore the header, or delete the sheet if it is not a table, and read it again"),
    "workbook.formula_in_return": ("数式「{formula}」があります。戻ってきたファイルでは値だけを受け付けます。"
                                   "数式を消して値を入力し、送り直してもらってください",
                                   "a formula ({formula}): a returned file may hold values only; "
                                   "have the division replace the formula with its value and send the file again"),
    "workbook.duplicate_parts": ("同じ名前の部品が二つ入っています。Excel で開いて保存し直してください",
                                 "two parts of the file have the same name: open it in Excel and save it again"),
    "workbook.unknown_cell_type": ("種類のわからないセル（t=\"{kind}\"）です。Excel で開いて値を入力し直し、保存してください",
                                   'a cell of unknown type (t="{kind}"): open the file in Excel, type the value again '
                                   "and save it"),
    "workbook.hidden_sheet": ("非表示のシートです。中身を確かめて、表示に戻すか削除してから読み込んでください"
                              "（非表示のまま公表されることのないように）",
                              "a hidden sheet: check what it holds, then unhide or delete it and read the workbook "
                              "again (so that nothing hidden is published)"),
    "workbook.sheet_name_as_bureau": ("局名の行がないため、シート名「{sheet}」を局名としました",
                                      'no bureau row: the sheet name "{sheet}" is taken as the bureau'),
    "workbook.header_years": ("見出しの年度欄（「{first}」「{second}」）を年度として読めません",
                              'the year cells of the header ("{first}", "{second}") are not fiscal years'),
    "workbook.header_mismatch": ("見出しが「{found}」です（期待:「{expected}」）",
                                 'the heading is "{found}" (expected "{expected}")'),
    "workbook.row_without_number": ("事業番号も重点戦略の見出しもない行に値があります（事業番号を入れるか、行を削除してください）",
                                    "a row holds values but has neither a program number nor a strategy heading "
                                    "(give it a number or delete the row)"),
    "workbook.merged_cells": ("事業の行に結合セル {cells} があります（結合できるのは主な施策の列だけです）",
                              "merged cells {cells} in a program row (only the measure column may be merged)"),
    "workbook.value_right_of_table": ("表の右の列の値「{value}」は読み飛ばしました",
                                      'skipped the value "{value}" right of the table'),
    # a cell's value
    "workbook.error_value": ("エラー値「{value}」が入っています", 'the cell holds the error value "{value}"'),
    "workbook.array_formula": ("（配列数式）", "（配列数式）"),  # names a formula without text, in both languages
    "workbook.formula_unreadable": ("数式「{formula}」の計算済みの値を読めません（{kind}）",
                                    'cannot read the saved value of the formula "{formula}" ({kind})'),
    "workbook.formula_without_value": ("数式「{formula}」に計算済みの値がありません"
                                       "（Excel で開いて保存し直すか、値を直接入力してください）",
                                       'the formula "{formula}" has no saved value '
                                       "(open and save the file in Excel again, or type the value in)"),
    "workbook.formula_error": ("数式「{formula}」の結果がエラー値「{value}」です",
                               'the formula "{formula}" results in the error value "{value}"'),
    "workbook.formula_value_read": ("数式「{formula}」の計算済みの値「{value}」を読みました",
                                    'read the saved value "{value}" of the formula "{formula}"'),
    "workbook.boolean_not_text": ("真偽値「{value}」は文字として読めません", 'the true/false value "{value}" is not text'),
    "workbook.date_not_text": ("日付・時刻「{value}」になっています（文字列として入力してください）",
                               'the cell became the date/time "{value}" (enter it as text)'),
    "workbook.value_not_text": ("値「{value}」を文字として読めません", 'the value "{value}" cannot be read as text'),
    "workbook.boolean_not_amount": ("真偽値「{value}」は金額ではありません",
                                    'the true/false value "{value}" is not an amount'),
    "workbook.amount_not_whole": ("金額「{value}」が整数ではありません（千円単位の整数のみ）",
                                  'the amount "{value}" is not a whole number (whole thousands of yen only)'),
    "workbook.value_not_amount": ("値「{value}」は金額ではありません", 'the value "{value}" is not an amount'),
    # ------------------------------------------------ tree: pages assembled in document order
    "tree.title_differs": ("表題が最初の表題「{first}」と違います: 「{title}」",
                           'the title differs from the first title "{first}": "{title}"'),
    "tree.bureau_again": ("局「{bureau}」が {first} に続いて再び現れました",
                          'bureau "{bureau}" appears again (first at {first})'),
    "tree.duplicate_pillar": ("重点戦略 {numeral} がこの局で二度目に現れました",
                              "strategy {numeral} appears a second time in this bureau"),
    "tree.program_before_pillar": ("重点戦略（I 「…」の実現 など）の見出しより前に事業の行があります",
                                   "a program row before any strategy heading (such as I 「…」の実現)"),
    "tree.measure_blank": ("主な施策が空欄ですが、引き継ぐ上の施策がありません",
                           "the measure is blank and there is no measure above to continue"),
    "tree.years_differ": ("年度 {first}/{second} が他のファイル ({other_first}/{other_second}) と違います",
                          "fiscal years {first}/{second} differ from the other files ({other_first}/{other_second})"),
    # ------------------------------------------------ sources: files and folders
    "sources.no_table_files": ("読み込める表のファイル（.txt/.tsv/.xlsx）がありません",
                               "the folder holds no table files (.txt/.tsv/.xlsx)"),
    "sources.no_such_file": ("ファイルがありません", "no such file or folder"),
    "sources.nothing_read": ("表が読み取れません", "no table could be read"),
    "sources.no_programs": ("事業が一つもありません", "the bureau has no programs"),
    # ------------------------------------------------ validation: checks across rows
    "validation.not_returned": ("この下書きには、まだ回収していない課が {count} 課あります: {divisions}",
                                "this draft still lacks the returns of {count} divisions: {divisions}"),
    "validation.division_too_long": ("担当課名が {length:,} 文字あります（上限 {limit} 文字）。"
                                     "別の欄の内容が入っていないか確かめてください",
                                     "the division name has {length:,} characters (limit {limit}): check that "
                                     "another column's text has not slipped into it"),
    "validation.control_in_name": ("名前に制御文字 {code}（改行・タブなど）があります: {name}。"
                                   "一つの名前を一行で入力し直してください",
                                   "a control character {code} (a line break, tab …) in a name: {name}; "
                                   "type the name again on one line"),
    "validation.formula_like": ("事業番号 {number} の「{text}」は、オープンデータ CSV を表計算ソフトで開くと数式として"
                                "扱われるおそれがあります（CSV には書いてあるとおりに書き出します）",
                                'program {number}: "{text}" may be taken for a formula when the open-data CSV is '
                                "opened in a spreadsheet (the CSV keeps it exactly as written)"),
    "validation.measure_padded": ("主な施策「{measure}」の前後に空白があります（別の施策として扱われます）",
                                  "the measure 「{measure}」 has spaces around it (it would count as another measure)"),
    "validation.duplicate_number": ("事業番号 {number} が {bureau} で重複しています（先の行: {first}）",
                                    "program number {number} is used twice in {bureau} (first at {first})"),
    "validation.division_padded": ("担当課「{division}」の前後に空白があります（別の課として扱われます）",
                                   "the division 「{division}」 has spaces around it (it would count as another "
                                   "division)"),
    "validation.no_mark": ("事業番号 {number}: どの年度にも「●」がありません", "program {number}: no ● in either fiscal year"),
    "validation.mark_without_budget": ("事業番号 {number}: {code}欄に「●」がありますが {code}予算額がありません",
                                       "program {number}: the {code} column has a ● but there is no {code} budget"),
    "validation.budget_without_mark_cell": ("事業番号 {number}: {code}予算額（{budget_cell}）に {budget} と入力されていますが、"
                                            "{code}欄（{mark}）に「●」がありません。{code}年度の主要事務事業なら {mark} に"
                                            "「●」を入力し、そうでなければ {budget_cell} の予算額を消してください",
                                            "program {number}: the {code} budget ({budget_cell}) is {budget}, but the "
                                            "{code} column ({mark}) has no ●. If it is a major program in {code}, put "
                                            "● in {mark}; if not, clear the budget in {budget_cell}"),
    "validation.budget_without_mark": ("事業番号 {number}: {code}予算額 {budget} がありますが "
                                       "{code}欄に「●」がありません（列ずれの可能性）",
                                       "program {number}: there is a {code} budget of {budget} "
                                       "but no ● in the {code} column (the columns may be shifted)"),
    "validation.budget_without_mark_table": ("事業番号 {number}: {code}予算額が {budget} ですが、{code}の「●」の欄が"
                                             "空です。{code}年度の主要事務事業ならその欄に「●」を入力し、そうでなければ"
                                             "{code}予算額を消してください",
                                             "program {number}: the {code} budget is {budget}, but its {code} ● "
                                             "cell is empty. If it is a major program in {code}, put ● there; if "
                                             "not, clear the {code} budget"),
    # ------------------------------------------------ programs: a table of programs (one row per program)
    "delimited.unreadable": ("CSV として読めません: {error}", "cannot be read as CSV: {error}"),
    "programs.no_header": ("表の見出し行が見つかりません（「重点戦略」と「事務事業番号」の列見出しが必要です）",
                           "no header row found (the table needs the headers 重点戦略 and 事務事業番号)"),
    "programs.above_header": ("見出し行より上の「{text}」は表の一部ではないので読みません",
                              'not read: "{text}" above the header row is not part of the table'),
    "programs.no_rows": ("見出しの下に事業の行がありません", "there are no program rows under the header"),
    "programs.header_years": ("見出しから続く 2 つの年度（R6・R7 など）を読み取れません（見つかった年度: {years}）。"
                              "「R6」「R7」「R6予算額(千円)」のように年度を見出しに書いてください",
                              "the headers do not give two consecutive fiscal years (found: {years}); write the years into "
                              "the headers, as in R6, R7, R6予算額(千円)"),
    "programs.missing_columns": ("必要な列が {count} 列ありません: {columns}。見出しをこの名前にしてください",
                                 "{count} required columns are missing: {columns}; name the headers so"),
    "programs.repeated_column": ("「{header}」は「{first}」と同じ「{field}」の列です。どちらか一方にしてください",
                                 '"{header}" is the same column ({field}) as "{first}": keep one of them'),
    "programs.unknown_column": ("列「{header}」は主要事務事業の表の列ではないので読みません",
                                'the column "{header}" is not a column of the table of programs: not read'),
    "programs.value_without_header": ("見出しのない列の値「{value}」は読みません（残すなら列に見出しを付けてください）",
                                      'not read: the value "{value}" is in a column without a header (give the '
                                      "column a header to keep it)"),
    "programs.bureau_blank": ("局が空欄です（上の行にもありません）", "the bureau is blank (and no row above names one)"),
    "programs.pillar_blank": ("重点戦略が空欄です（上の行にもありません）",
                              "the strategy is blank (and no row above names one)"),
    "programs.pillar_form": ("重点戦略「{pillar}」は「I 「稼げるまち」の実現」のように、番号（I・II …）と名前を空白で区切って書いてください",
                             'write the strategy "{pillar}" as a numeral (I, II …), a space and its name, '
                             "as in I 「稼げるまち」の実現"),
    "programs.name_differs": ("「{given}」は主要事務事業名「{name}」と食い違います（この年度の名前は「{expected}」）",
                              '"{given}" does not agree with the program name "{name}" (its name in this year '
                              'is "{expected}")'),
}
