//! Reading articles: the two seed articles block by block, front matter variants, plain-text
//! bodies, discovery order and ids, and the size limit.

use socialscope::corpus::{
    self, Article, BlockKind, FileRef, LoadOptions, discover, load_file, parse_article,
};
use std::fs;
use std::path::{Path, PathBuf};

const SEED_36KR: &str = "tests/fixtures/corpus/seeds/000_87c367cb2d9971e7.txt";
const SEED_WOSHIPM: &str = "tests/fixtures/corpus/seeds/002_1930a67924f371a0.txt";

fn load(path: &str) -> Article {
    let file = FileRef {
        id: "seed".into(),
        path: PathBuf::from(path),
        size: 0,
    };
    let (article, diags) = load_file(&file, &LoadOptions::default());
    assert!(diags.is_empty(), "{diags:?}");
    article.expect("seed loads")
}

fn parse(text: &str) -> (Article, Vec<socialscope::Diagnostic>) {
    parse_article("t", "dir/t.md", text.as_bytes())
}

fn count(a: &Article, kind: BlockKind) -> usize {
    a.blocks.iter().filter(|b| b.kind == kind).count()
}

fn texts(a: &Article, kind: BlockKind) -> Vec<&str> {
    a.each_block()
        .filter(|&(k, _)| k == kind)
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn seed_36kr_metadata() {
    let a = load(SEED_36KR);
    assert_eq!(a.title, "谁不想做社交");
    assert_eq!(
        a.published.map(|d| d.to_string()).as_deref(),
        Some("2022-01-18")
    );
    assert_eq!(a.categories, ["新媒体", "36kr", "资讯"]);
    assert_eq!(a.source.as_deref(), Some("36kr"));
    assert_eq!(a.author.as_deref(), Some("36kr"));
    assert_eq!(a.size, 21878);
    assert_eq!(a.path, SEED_36KR);
}

/// Counted from the HTML: 49 `<p>` with text (4 image wrappers hold only an `<img>`), 3 `<h2>`,
/// 2 `<p class="img-desc">`.
#[test]
fn seed_36kr_blocks() {
    let a = load(SEED_36KR);
    assert_eq!(a.blocks.len(), 54);
    assert_eq!(count(&a, BlockKind::Paragraph), 49);
    assert_eq!(
        texts(&a, BlockKind::Heading(2)),
        ["互联网处处能社交", "社交还得看微信", "蚍蜉虽小，能撼树否？"]
    );
    assert_eq!(
        texts(&a, BlockKind::Caption),
        [
            "图 / 分别为抖音聊天界面、小红书群聊界面、高德地图群聊界面 来源 / 燃财经截图",
            "图 / 2017-2021年微信、QQ 和抖音全网月活人数对比 来源 / 易观千帆",
        ]
    );
    assert!(a.block_text(0).starts_with("对于互联网而言，社交需求"));
    assert_eq!(
        a.block_text(53),
        "本文来自微信公众号 “燃次元”（ID：chaintruth），36氪经授权发布。"
    );
}

#[test]
fn seed_36kr_links_join_without_spaces() {
    let a = load(SEED_36KR);
    let all: Vec<&str> = a.texts().collect();
    let has = |s: &str| all.iter().any(|t| t.contains(s));
    assert!(has(
        "就在2021年末，淘宝趁双12购物节来临之前，上线了语音聊天功能，"
    ));
    assert!(has("用户可以与好友在“拼小圈”分享购物信息"));
    assert!(has(
        "小红书也在做社交，并于2021年底上线了“群聊”功能。网易云音乐、高德地图……"
    ));
    assert!(has("特别是与姐妹相互安利时"));
    for t in &all {
        assert!(
            !t.contains("  ") && t.trim() == *t && !t.is_empty(),
            "{t:?}"
        );
    }
}

/// Counted from the HTML: 65 `<p>`: 1 inside the blockquote, 7 holding only an `<img>`, one
/// `<p>&nbsp;</p>`, so 56 paragraphs; 4 `<h2>`; 1 quote. The reward box (`support-author`, with its
/// SVG and 赞赏 button) is dropped whole.
#[test]
fn seed_woshipm_blocks() {
    let a = load(SEED_WOSHIPM);
    assert_eq!(a.title, "逐梦「社交」，抖、快图什么？");
    assert_eq!(
        a.published.map(|d| d.to_string()).as_deref(),
        Some("2021-07-14")
    );
    assert_eq!(a.source.as_deref(), Some("人人都是产品经理"));
    assert_eq!(a.blocks.len(), 61);
    assert_eq!(count(&a, BlockKind::Paragraph), 56);
    assert_eq!(count(&a, BlockKind::Caption), 0);
    assert_eq!(a.blocks[0].kind, BlockKind::Quote);
    assert!(
        a.block_text(0)
            .starts_with("编辑导语：抖音和快手纷纷将重点放在社交上")
    );
    assert!(a.block_text(0).ends_with("究竟是为了什么？"));
    assert_eq!(count(&a, BlockKind::Quote), 1);
    assert_eq!(
        texts(&a, BlockKind::Heading(2)),
        [
            "一、逐梦社交：抖、快都做了什么？",
            "二、入局社交：抖、快有何不同？",
            "三、激战社交：背后因由？",
            "四、最后",
        ]
    );
    assert_eq!(a.block_text(60), "题图来自 Unsplash，基于CC0协议");
    for t in a.texts() {
        assert!(!t.contains("赞赏") && !t.contains("打赏"), "{t:?}");
        assert!(!t.contains("M9.113") && !t.trim().is_empty(), "{t:?}");
    }
}

#[test]
fn each_date_format() {
    for (date, want) in [
        ("Tue, 18 Jan 2022 01:23:42 GMT", Some("2022-01-18")),
        ("2021-10-28 14:08:07", Some("2021-10-28")),
        ("2021-10-28", Some("2021-10-28")),
        ("'2021-10-28T14:08:07+08:00'", Some("2021-10-28")),
        ("2021/10/28", Some("2021-10-28")),
        ("2021年10月28日", Some("2021-10-28")),
    ] {
        let (a, d) = parse(&format!("---\ntitle: t\ndate: {date}\n---\n<p>x</p>"));
        assert_eq!(
            a.published.map(|d| d.to_string()).as_deref(),
            want,
            "{date}"
        );
        assert!(d.is_empty(), "{date}: {d:?}");
    }
}

#[test]
fn impossible_and_wrongly_typed_dates_are_dropped_with_one_diagnostic() {
    let (a, d) = parse("---\ntitle: t\ndate: 2021-02-30\n---\n<p>x</p>");
    assert_eq!(a.published, None);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].path, "dir/t.md");
    assert_eq!(d[0].message, "front matter: impossible date `2021-02-30`");

    let (a, d) = parse("---\ntitle: 12345\ndate: [2021, 1]\nauthor: {a: 1}\n---\n<p>x</p>");
    assert_eq!(a.title, "12345");
    assert_eq!(a.published, None);
    assert_eq!(a.author, None);
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "front matter: `author` is a mapping, not text; ignored; \
         front matter: `date` is a list, not a date; ignored"
    );
}

#[test]
fn bom_crlf_and_leading_blank_lines_change_nothing() {
    let lf = "\n---\ntitle: 标题\ndate: 2021-10-28\ncategories:\n - a\n - b\n---\n\n<p>一</p>\n<p>二</p>\n";
    let (want, d) = parse(lf);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(want.blocks.len(), 2);
    for variant in [
        format!("\u{feff}{lf}"),
        lf.replace('\n', "\r\n"),
        format!("\u{feff}\r\n\r\n{}", lf.replace('\n', "\r\n")),
    ] {
        let (a, d) = parse(&variant);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(a.size, variant.len() as u64);
        assert_eq!(
            Article {
                size: want.size,
                ..a
            },
            want
        );
    }
}

#[test]
fn no_front_matter_takes_the_title_from_the_first_heading_or_the_file_name() {
    let (a, d) = parse("<p>导语</p><h1>真正的标题</h1><p>正文</p>");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(a.title, "真正的标题");
    assert_eq!(a.published, None);
    assert_eq!(a.blocks.len(), 3);

    let (a, d) = parse_article("x/y", "corpus/x/微信更新.txt", "只有正文。".as_bytes());
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(a.title, "微信更新");
    assert_eq!(a.id, "x/y");
    assert_eq!(a.source, None);
}

#[test]
fn categories_give_the_source() {
    let src = |cats: &str| parse(&format!("---\n{cats}\n---\nx")).0.source;
    assert_eq!(
        src("categories: [新媒体, 36kr, 资讯]").as_deref(),
        Some("36kr")
    );
    assert_eq!(src("categories: [虎嗅]").as_deref(), Some("虎嗅"));
    assert_eq!(src("categories: 虎嗅").as_deref(), Some("虎嗅"));
    assert_eq!(src("categories: []"), None);
    assert_eq!(src("title: t"), None);
}

#[test]
fn plain_text_bodies_split_at_blank_lines() {
    let (a, d) = parse(
        "---\ntitle: 纯文本\n---\n# 一级\n\n抖音上线了\n群聊功能。\nIt was\ntested.\n\n## 二级\n第二段",
    );
    assert!(d.is_empty(), "{d:?}");
    let got: Vec<_> = a.each_block().collect();
    assert_eq!(
        got,
        [
            (BlockKind::Heading(1), "一级"),
            (BlockKind::Paragraph, "抖音上线了群聊功能。 It was tested."),
            (BlockKind::Heading(2), "二级"),
            (BlockKind::Paragraph, "第二段"),
        ]
    );
    assert_eq!(a.title, "纯文本");
}

/// The blocks' ranges, in order, from the start of the text to its end with nothing between.
fn ranges_tile_the_text(a: &Article) {
    let mut at = 0;
    for b in &a.blocks {
        assert_eq!(b.range().start, at, "{:?} over {:?}", a.blocks, a.text);
        assert!(b.start < b.end, "empty block in {:?}", a.blocks);
        at = b.range().end;
    }
    assert_eq!(at, a.text.len(), "{:?} over {:?}", a.blocks, a.text);
}

#[test]
fn blocks_are_ranges_of_the_one_clean_text() {
    // HTML with headings, a caption, a quote, a list, Markdown-ish text in a container (a `# `
    // line is a heading there) and text that needs cleaning and NFC.
    let (a, d) = parse(
        "---\ntitle: t\n---\n<div>\n# 容器标题\n容器\u{3000}正文\n\n<h2> 小 标题 </h2>\
         <p>e\u{301}  抖音<b>上线</b>了</p><p class=\"img-desc\">图 / 截图</p>\
         <blockquote>引言</blockquote><ul><li>一</li><li>二<br>三</li></ul><p> </p></div>",
    );
    assert!(d.is_empty(), "{d:?}");
    let got: Vec<_> = a.each_block().collect();
    use BlockKind::*;
    assert_eq!(
        got,
        [
            (Heading(1), "容器标题"),
            (Paragraph, "容器 正文"),
            (Heading(2), "小 标题"),
            (Paragraph, "\u{e9} 抖音上线了"),
            (Caption, "图 / 截图"),
            (Quote, "引言"),
            (ListItem, "一"),
            (ListItem, "二"),
            (ListItem, "三"),
        ]
    );
    ranges_tile_the_text(&a);
    assert_eq!(a.text, a.texts().collect::<String>());
    assert_eq!(a.texts().len(), a.blocks.len());
    for (i, b) in a.blocks.iter().enumerate() {
        assert_eq!(a.block_text(i), &a.text[b.range()]);
        assert_eq!(a.text_of(b), got[i].1);
    }
    assert_eq!(a.block_text(a.blocks.len()), "");

    // Plain text: paragraphs and headings the same way.
    let (a, _) = parse("---\ntitle: t\n---\n# 一级\n\n第一行\n第二行\n\n\n## 二级\n最后 ");
    assert_eq!(a.text, "一级第一行第二行二级最后");
    ranges_tile_the_text(&a);
    assert_eq!(
        a.texts().collect::<Vec<_>>(),
        ["一级", "第一行第二行", "二级", "最后"]
    );

    // Built by hand: `push_block` appends.
    let mut b = Article::with_blocks("x", [(Paragraph, "甲"), (Caption, "乙丙")]);
    b.push_block(Heading(3), "丁");
    assert_eq!(b.text, "甲乙丙丁");
    ranges_tile_the_text(&b);
    assert_eq!(b.each_block().last(), Some((Heading(3), "丁")));
}

#[test]
fn broken_front_matter_gives_one_diagnostic_and_keeps_the_body() {
    let (a, d) = parse("---\ntitle: [unclosed\n---\n<p>正文</p>");
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message
            .starts_with("front matter is not valid YAML (line "),
        "{}",
        d[0].message
    );
    assert_eq!(a.blocks.len(), 1);
    assert_eq!(a.title, "t");

    let (a, d) = parse("---\ntitle: never closed\n<p>正文</p>");
    assert_eq!(d.len(), 1);
    assert_eq!(
        d[0].message,
        "front matter not closed: no `---` line after the one on line 1"
    );
    assert!(a.texts().any(|t| t == "正文"));
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("mkdir");
    }
    fs::write(path, text).expect("write");
}

#[test]
fn discover_orders_by_path_and_makes_unique_ids() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("alpha");
    let b = tmp.path().join("beta");
    for rel in [
        "z.md",
        "sub/b.HTML",
        "sub/a.txt",
        "sub/deeper/c.markdown",
        "notes.pdf",
        "same.md",
        "same.txt",
        "folder.md/inside.htm",
    ] {
        write(&a.join(rel), "<p>x</p>");
    }
    write(&b.join("z.md"), "<p>y</p>");
    write(&b.join("README"), "not an article");

    let (files, diags) = discover(&[a.clone(), b.clone()]);
    assert!(diags.is_empty(), "{diags:?}");
    let got: Vec<(&str, PathBuf)> = files
        .iter()
        .map(|f| {
            (
                f.id.as_str(),
                f.path
                    .strip_prefix(tmp.path())
                    .expect("under tmp")
                    .to_path_buf(),
            )
        })
        .collect();
    let want: Vec<(&str, PathBuf)> = [
        ("folder.md/inside", "alpha/folder.md/inside.htm"),
        ("same", "alpha/same.md"),
        ("same.txt", "alpha/same.txt"),
        ("sub/a", "alpha/sub/a.txt"),
        ("sub/b", "alpha/sub/b.HTML"),
        ("sub/deeper/c", "alpha/sub/deeper/c.markdown"),
        ("z", "alpha/z.md"),
        ("beta/z", "beta/z.md"),
    ]
    .iter()
    .map(|(id, p)| (*id, PathBuf::from(p)))
    .collect();
    assert_eq!(got, want);
    assert!(files.iter().all(|f| f.size == 8));
    // Loading keeps the id and shows the path as root + relative path.
    let (art, d) = load_file(&files[3], &LoadOptions::default());
    assert!(d.is_empty());
    let art = art.expect("loads");
    assert_eq!(art.id, "sub/a");
    assert_eq!(art.path, a.join("sub/a.txt").display().to_string());
}

#[test]
fn missing_root_is_a_diagnostic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = tmp.path().join("nope");
    let (files, diags) = discover(std::slice::from_ref(&missing));
    assert!(files.is_empty());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].path, missing.display().to_string());
    assert_eq!(diags[0].message, "corpus folder does not exist");
}

#[test]
fn files_over_the_size_limit_are_skipped() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("big.md");
    write(&path, &format!("<p>{}</p>", "长".repeat(1000)));
    let (files, _) = discover(&[tmp.path().to_path_buf()]);
    assert_eq!(files.len(), 1);
    let opts = LoadOptions {
        max_file_size: 1024,
    };
    let (art, diags) = load_file(&files[0], &opts);
    assert!(art.is_none());
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].message,
        "file is 2.9 KB (3007 bytes), over the 1.0 KB limit; skipped (raise it with --max-file-size)"
    );
    let (art, diags) = load_file(&files[0], &LoadOptions::default());
    assert!(art.is_some() && diags.is_empty());
}

/// An article mostly markup does not keep room for the text its HTML size suggested.
#[test]
fn text_room_is_given_back_when_the_html_was_mostly_markup() {
    let markup = r#"<span class="x" data-a="1"></span>"#.repeat(2000);
    let (a, _) = parse(&format!("<p>短文{markup}</p><p>第二段</p>"));
    assert_eq!(a.texts().collect::<Vec<_>>(), ["短文", "第二段"]);
    assert!(
        a.text.capacity() <= 2 * a.text.len(),
        "{}",
        a.text.capacity()
    );
}

/// The walk's size only sizes the read: a file that changed since is read as it is now.
#[test]
fn files_changed_after_the_walk_are_read_as_they_are_now() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let [grew, shrank, big] = ["grew.md", "shrank.md", "big.md"].map(|n| tmp.path().join(n));
    write(&grew, "<p>短</p>");
    write(&shrank, &format!("<p>{}</p>", "长".repeat(1000)));
    write(&big, "<p>短</p>");
    let (files, _) = discover(&[tmp.path().to_path_buf()]);
    assert_eq!(files.len(), 3);
    write(&grew, &format!("<p>{}</p>", "长".repeat(1000)));
    write(&shrank, "<p>短</p>");
    write(&big, &format!("<p>{}</p>", "长".repeat(1000)));
    let file = |name: &str| files.iter().find(|f| f.id == name).expect("found");
    let opts = LoadOptions::default();
    let (art, diags) = load_file(file("grew"), &opts);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(art.expect("read").block_text(0), "长".repeat(1000));
    let (art, _) = load_file(file("shrank"), &opts);
    assert_eq!(art.expect("read").block_text(0), "短");
    let (art, diags) = load_file(
        file("big"),
        &LoadOptions {
            max_file_size: 1024,
        },
    );
    assert!(art.is_none());
    assert_eq!(
        diags[0].message,
        "file is 1.0 KB (1025 bytes), over the 1.0 KB limit; skipped (raise it with --max-file-size)"
    );
    // A folder put where a file was.
    std::fs::remove_file(&grew).expect("remove");
    std::fs::create_dir(&grew).expect("mkdir");
    let (art, diags) = load_file(file("grew"), &opts);
    assert!(art.is_none());
    assert_eq!(diags[0].message, "is a folder, not a file");
}

#[test]
fn extensions_are_the_documented_ones() {
    assert_eq!(corpus::EXTENSIONS, ["md", "markdown", "txt", "html", "htm"]);
}

/// A tree with what a walk can meet: nested folders, an id clash, names that only differ before
/// lossy UTF-8, a folder named like an article, symlinks to a file, to nowhere, to themselves and
/// back up the tree, several problems in one folder (listed in the file system's order, which the
/// streaming walk must reproduce), enough files in one folder to be handed over in several
/// pieces, and files that load with a diagnostic (empty, binary, too big).
#[cfg(unix)]
fn tricky_tree() -> tempfile::TempDir {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    let article =
        |n: usize| format!("---\ntitle: 第{n}篇\n---\n<p>微信测试了群聊功能，第{n}段。</p>");
    for (i, rel) in [
        "b.md",
        "a.md",
        "a.txt",
        "c.md/inside.htm",
        "sub/x.html",
        "sub/deeper/y.md",
        "sub.md",
        "zz/last.markdown",
    ]
    .iter()
    .enumerate()
    {
        write(&root.join(rel), &article(i));
    }
    for i in 0..150 {
        write(&root.join(format!("many/{i:03}.md")), &article(i));
    }
    write(&root.join("many/empty.md"), "  \n");
    fs::write(root.join("many/binary.md"), b"<p>a\0b</p>").expect("write");
    write(&root.join("many/big.md"), &"<p>长</p>".repeat(200));
    for name in [&b"odd\xff.md"[..], b"odd\xfe.md"] {
        let name = std::ffi::OsStr::from_bytes(name);
        write(&root.join("lossy").join(name), &article(7));
    }
    for name in ["d1.md", "d2.md", "d3.md", "d4.md", "sub/d5.md"] {
        symlink(root.join("nowhere.md"), root.join(name)).expect("symlink");
    }
    symlink(root.join("b.md"), root.join("link.md")).expect("symlink");
    symlink(root.join("self.md"), root.join("self.md")).expect("symlink");
    symlink(root, root.join("sub/back")).expect("symlink");
    symlink(root.join("sub"), root.join("sub2")).expect("symlink");
    tmp
}

/// The streaming walk finds the same files, with the same ids, in the same order, and makes the
/// same diagnostics in the same order as the whole walk; only the sizes of the files the listing
/// calls regular are left to the read (0).
#[cfg(unix)]
#[test]
fn streaming_discovery_matches_discover() {
    let tmp = tricky_tree();
    let roots = [tmp.path().to_path_buf()];
    let (files, diags) = discover(&roots);
    let mut pieces = Vec::new();
    let streamed_diags = corpus::discover_streaming(&roots, |piece| pieces.push(piece));
    assert!(pieces.len() > 2, "handed over in pieces: {}", pieces.len());
    let streamed: Vec<FileRef> = pieces.into_iter().flatten().collect();
    let names = |files: &[FileRef]| -> Vec<(String, PathBuf)> {
        (files.iter())
            .map(|f| (f.id.clone(), f.path.clone()))
            .collect()
    };
    assert_eq!(names(&streamed), names(&files));
    assert!(files.len() > 160);
    for (s, f) in streamed.iter().zip(&files) {
        let linked = fs::symlink_metadata(&s.path).is_ok_and(|m| m.file_type().is_symlink());
        assert_eq!(s.size, if linked { f.size } else { 0 }, "{}", s.id);
    }
    let show = |d: &[socialscope::Diagnostic]| -> Vec<String> {
        d.iter().map(ToString::to_string).collect()
    };
    assert!(diags.len() >= 8, "{diags:?}");
    assert_eq!(show(&streamed_diags), show(&diags));
    // A missing root and a file named as a root, as the whole walk says them.
    for root in [tmp.path().join("nope"), tmp.path().join("b.md")] {
        let roots = [root];
        let (files, diags) = discover(&roots);
        let mut streamed = Vec::new();
        let streamed_diags = corpus::discover_streaming(&roots, |f| streamed.extend(f));
        assert_eq!(names(&streamed), names(&files));
        assert_eq!(show(&streamed_diags), show(&diags));
    }
}

/// The blocking load (which streams the walk into the workers) gives the model the progressive
/// load gives, batch by batch: the same articles and events in the same order, and the walk's
/// diagnostics first, then each file's, in path order.
#[cfg(unix)]
#[test]
fn blocking_load_matches_progressive_load() {
    use socialscope::extract::Extractor;
    use socialscope::loader::{self, Inputs};
    use socialscope::model::Model;
    let tmp = tricky_tree();
    let inputs = Inputs {
        corpus: vec![tmp.path().to_path_buf()],
        options: LoadOptions {
            max_file_size: 1024,
        },
        ..Inputs::default()
    };
    let blocking = loader::load_model(&inputs).expect("loads");
    let knowledge = loader::load_knowledge(&inputs).expect("knowledge");
    let extractor = Extractor::new(&knowledge);
    let mut progressive = Model::new(knowledge.clone());
    loader::load_articles(&inputs, &extractor, |batch, diags, _| {
        progressive.add_diagnostics(diags);
        progressive.add_articles(batch);
    });
    let ids = |m: &Model| -> Vec<String> { m.articles.iter().map(|a| a.id.clone()).collect() };
    assert_eq!(ids(&blocking), ids(&progressive));
    assert!(blocking.articles.len() > 150);
    let events = |m: &Model| -> Vec<(String, String, String)> {
        (m.events.iter())
            .map(|e| (e.article.clone(), e.platform.clone(), e.feature.clone()))
            .collect()
    };
    assert!(!blocking.events.is_empty());
    assert_eq!(events(&blocking), events(&progressive));
    let diags =
        |m: &Model| -> Vec<String> { m.diagnostics.iter().map(ToString::to_string).collect() };
    assert_eq!(diags(&blocking), diags(&progressive));
    for message in [
        "empty file",
        "binary file",
        "over the 1.0 KB limit",
        "dangling symlink",
    ] {
        assert!(
            blocking
                .diagnostics
                .iter()
                .any(|d| d.message.contains(message)),
            "{message}: {:?}",
            blocking.diagnostics
        );
    }
}
