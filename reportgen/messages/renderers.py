"""Messages of the renderers stage (renderers/: the PDF, its font, the workbook):
id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # renderers/pdf/document.py
    "pdf.missing_glyphs": ("文字 {chars} がフォント {font} にありません", "the font {font} has no glyph for {chars}"),
    # renderers/pdf/font.py
    "pdf_font.no_file": ("フォントファイルがありません", "the font file does not exist"),
    "pdf_font.unreadable": ("TrueType フォントとして読めません（CFF 形式の .otf は埋め込めません）: {detail}",
                            "cannot read this as a TrueType font (CFF-outline .otf cannot be embedded): {detail}"),
    # renderers/xlsx/workbook.py ({character}: the message xlsx.illegal_character)
    "xlsx.paper": ("用紙 {paper!r} は使えません（a3 または a4）", "paper {paper!r} is not available (a3 or a4)"),
    "xlsx.cell_illegal": ("{character}。Excel のセルに保存できません", "{character}: Excel cannot store it"),
    "xlsx.cell_too_long": ("{length:,} 文字あります（Excel のセルは {limit:,} 文字まで）",
                           "{length:,} characters (an Excel cell holds {limit:,})"),
    "xlsx.amount_too_long": ("金額 {amount:,} は Excel が正確に保てる 15 桁を超えます",
                             "the amount {amount:,} has more than the 15 digits Excel keeps exactly"),
    "xlsx.header_too_long": ("印刷のヘッダー（表題と局名）が {length} 文字になります（Excel は {limit} 文字まで）",
                             "the printed header (title and bureau) would have {length} characters "
                             "(Excel allows {limit})"),
    "xlsx.footer_too_long": ("印刷のフッター（表題と局名）が {length} 文字になります（Excel は {limit} 文字まで）",
                             "the printed footer (title and bureau) would have {length} characters "
                             "(Excel allows {limit})"),
    "xlsx.header_picture": ("印刷のヘッダー（表題と局名）に「&G」または「&[Picture]」は使えません",
                            "the printed header (title and bureau) cannot contain '&G' or '&[Picture]'"),
    "xlsx.footer_picture": ("印刷のフッター（表題と局名）に「&G」または「&[Picture]」は使えません",
                            "the printed footer (title and bureau) cannot contain '&G' or '&[Picture]'"),
    # the input rules of a bureau sheet (Excel shows them when a value is refused): Japanese
    # in every edition, as the workbook is filled in by the city's divisions
    "xlsx.mark_input_title": ("「{mark}」か空欄", "{mark} or blank"),
    "xlsx.mark_input": ("この欄には「{mark}」を入れるか、空欄にしてください。",
                        "Enter {mark} in this cell or leave it blank."),
    "xlsx.prompt_summary_title": ("事業概要", "Summary"),
    "xlsx.prompt_summary": ("{code}年度の内容に合わせて直してください。変わらなければそのままで結構です。",
                            "Update it for {code}; leave it as it is if nothing changes."),
    "xlsx.prompt_mark_title": ("{code}欄（●か空欄）", "{code} (● or blank)"),
    "xlsx.prompt_mark": ("{code}年度も主要事務事業なら「●」を選び、そうでなければ空欄にしてください。",
                         "Choose ● if this is a major program in {code} too; otherwise leave it blank."),
    "xlsx.prompt_goal_title": ("事業目標（KPI）", "KPI goal"),
    "xlsx.prompt_goal": ("成果指標の目標です。変更があれば直してください。",
                         "The KPI's goal: change it if it has changed."),
    "xlsx.prompt_baseline_title": ("基準値", "Baseline"),
    "xlsx.prompt_baseline": ("比べる基準の値です（例: 6,044件、48.0%）。変更があれば直してください。",
                             "The value compared against (e.g. 6,044 cases, 48.0%): change it if it has changed."),
    "xlsx.prompt_baseline_year_title": ("基準年度", "Baseline year"),
    "xlsx.prompt_baseline_year": ("基準値の年度です（例: R5、H29）。",
                                  "The year of the baseline (e.g. R5, H29)."),
    "xlsx.prompt_target_title": ("{code}目標値", "{code} target"),
    "xlsx.prompt_target": ("{code}年度の目標値を入力してください（例: 50.0%、R7年度比増）。",
                           "Enter the target for {code} (e.g. 50.0%, up on R7)."),
    "xlsx.prompt_budget_title": ("{code}予算額（千円）", "{code} budget (thousand yen)"),
    "xlsx.prompt_budget": ("{code}年度の予算額を 0 以上の整数（千円）で入力してください。△ やマイナス、文字は使えません。"
                           "主要事務事業でなければ空欄にします。",
                           "Enter the {code} budget as a whole number of thousand yen, 0 or more (no △, minus or "
                           "letters); leave it blank if it is not a major program."),
    "xlsx.budget_input_title": ("予算額", "Budget"),
    "xlsx.budget_input": ("予算額は 0 以上の整数（千円）で入力してください。",
                          "Enter the budget as a whole number of thousand yen, 0 or more."),
    # renderers/xlsx/sizes.py ({character}: the message xlsx.illegal_character)
    "xlsx.illegal_character": ("制御文字など保存できない文字 U+{code:04X}（{position} 文字目）",
                               "the character U+{code:04X} (position {position}), which cannot be stored"),
    "xlsx.sheet_name_empty": ("シート名（局名）が空です", "the sheet name (bureau) is empty"),
    "xlsx.sheet_name_forbidden": ("シート名（局名）に Excel で使えない文字 {chars} があります",
                                  "the sheet name (bureau) holds {chars}, which Excel does not allow"),
    "xlsx.sheet_name_too_long": ("シート名（局名）が {length} 文字です（Excel は {limit} 文字まで）",
                                 "the sheet name (bureau) has {length} characters (Excel allows {limit})"),
    "xlsx.sheet_name_apostrophe": ("シート名（局名）の先頭と末尾にはアポストロフィ（'）を使えません",
                                   "a sheet name (bureau) cannot begin or end with an apostrophe"),
    "xlsx.sheet_name_reserved": ("シート名「History」は Excel の予約名です", "'History' is a sheet name Excel reserves"),
    "xlsx.sheet_name_illegal": ("シート名（局名）に {character} があります", "the sheet name (bureau) holds {character}"),
    "xlsx.sheet_name_duplicate": ("シート名（局名）が「{other}」と同じになります（Excel は大文字小文字・全角半角を区別しません）",
                                  "the sheet name (bureau) equals 「{other}」 to Excel, which ignores case and "
                                  "full/half width"),
}
