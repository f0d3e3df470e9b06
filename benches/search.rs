//! One keystroke of the finder over a synthetic model the size of a big corpus: 300 platforms
//! and 10,000 article titles. Target: well under 8 ms per keystroke.
//!
//! Run with `cargo bench --bench search`.

use socialscope::corpus::Article;
use socialscope::knowledge::{Company, Knowledge, Platform};
use socialscope::model::Model;
use socialscope::search::{Scope, SearchIndex};

fn main() {
    divan::main();
}

/// Common characters of tech-news titles, so titles share characters the way real ones do.
const HAN: &str = "的一是了在人有我他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴善顾抖快淘拼宝聊群圈";

/// A small deterministic generator (no dependency, same model every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }

    fn word(&mut self, chars: &[char], len: usize) -> String {
        (0..len).map(|_| chars[self.next() % chars.len()]).collect()
    }
}

fn synthetic_model() -> Model {
    let han: Vec<char> = HAN.chars().collect();
    let latin: Vec<char> = "abcdefghijklmnopqrstuvwxyz".chars().collect();
    let mut rng = Lcg(42);
    let companies: Vec<Company> = (0..40)
        .map(|i| Company {
            id: format!("c{i}"),
            name: format!("{}科技", rng.word(&han, 2)),
            aliases: vec![rng.word(&latin, 6)],
        })
        .collect();
    let platforms: Vec<Platform> = (0..300)
        .map(|i| {
            let len = 2 + rng.next() % 3;
            let alias_len = 5 + rng.next() % 4;
            Platform {
                id: format!("p{i}"),
                name: rng.word(&han, len),
                aliases: vec![rng.word(&latin, alias_len), rng.word(&han, 3)],
                company: Some(companies[rng.next() % companies.len()].name.clone()),
                parent: None,
                kind: None,
            }
        })
        .collect();
    let mut model = Model::new(Knowledge {
        platforms,
        companies,
        features: Vec::new(),
    });
    for i in 0..10_000 {
        let len = 12 + rng.next() % 20;
        let mut title = rng.word(&han, len);
        if i % 3 == 0 {
            title.push_str(" App");
        }
        model.add_article(
            Article {
                id: format!("a{i}"),
                path: format!("a{i}.md"),
                title,
                published: None,
                source: None,
                author: None,
                categories: Vec::new(),
                text: String::new(),
                blocks: Vec::new(),
                size: 0,
            },
            Vec::new(),
        );
    }
    model
}

/// Builds the index once per benchmark (what the dashboard does when a model is swapped in).
#[divan::bench(sample_count = 10)]
fn build_index(bencher: divan::Bencher) {
    let model = synthetic_model();
    bencher.bench(|| SearchIndex::new(divan::black_box(&model)));
}

/// A keystroke in the platform finder.
#[divan::bench(args = ["d", "dy", "dou", "抖", "字节", "shejiao", "xyzq"])]
fn keystroke_platforms(bencher: divan::Bencher, query: &str) {
    let index = SearchIndex::new(&synthetic_model());
    bencher.bench(|| index.search(divan::black_box(query), Scope::Platforms, 50));
}

/// A keystroke in the article finder: 10,000 titles; one Chinese character matches thousands.
#[divan::bench(args = ["的", "社交", "app", "微信视频号", "不存在的标题"])]
fn keystroke_articles(bencher: divan::Bencher, query: &str) {
    let index = SearchIndex::new(&synthetic_model());
    bencher.bench(|| index.search(divan::black_box(query), Scope::Articles, 50));
}

/// Typing a whole query one character at a time in the article finder: every prefix is one
/// keystroke, so the time divided by the length is the mean keystroke.
#[divan::bench(args = ["微信视频号", "shejiao app"])]
fn typing_articles(bencher: divan::Bencher, phrase: &str) {
    let index = SearchIndex::new(&synthetic_model());
    let prefixes: Vec<String> = phrase
        .char_indices()
        .map(|(i, c)| phrase[..i + c.len_utf8()].to_string())
        .collect();
    bencher.bench(|| {
        for q in &prefixes {
            divan::black_box(index.search(q, Scope::Articles, 50));
        }
    });
}
