"""Messages of the report stage (report/: templates) and of the pipeline that builds an
edition (pipeline.py: its options, its formats): id -> (Japanese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # report/templating.py
    "templating.no_folder": ("テンプレートのフォルダがありません", "no such templates folder"),
    "templating.not_found": ("テンプレートが見つかりません", "template not found"),
    "templating.syntax_error": ("テンプレートの書き方が誤っています: {detail}", "template syntax error: {detail}"),
    "templating.undefined": ("テンプレートが未定義の値を使っています: {detail}",
                             "the template uses an undefined value: {detail}"),
    # pipeline.py: Options, checked when made ({flag} is the option as the command line spells it)
    "options.not_available": ("{flag}: {value!r} は使えません（{allowed}）",
                              "{flag}: {value!r} is not available (use {allowed})"),
    "options.empty": ("{flag}: 空でない文字列を指定してください", "{flag}: give a non-empty string"),
    "options.not_bool": ("{flag}: True か False を指定してください", "{flag}: give True or False"),
    "options.name_separators": ("{flag}: ファイル名 {name!r} にはフォルダの区切りなどを使えません",
                                "{flag}: the file name {name!r} cannot hold folder separators"),
    # pipeline.py: --format
    "pipeline.unknown_format": ("出力形式 {formats} は使えません（使える形式: {available}）",
                                "output format {formats} is not available (formats: {available})"),
    "pipeline.no_format": ("出力形式 (なし) は使えません（使える形式: {available}）",
                           "output format (none) is not available (formats: {available})"),
}
