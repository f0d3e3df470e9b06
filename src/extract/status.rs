//! Cue words: the verbs that give a status, and the small words that change how a clause reads
//! (negation, hypotheticals, users acting, anaphors, comparison and source frames).
//!
//! All cues are matched leftmost-longest among themselves (by the scanner's one automaton), so `重新上线` reads as a relaunch and
//! not as a launch, and `未来` is not a negation. Words listed as [`Cue::Ignore`] exist only to
//! shadow a shorter cue inside them.

use super::Status;

/// What a cue word does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A verb giving a status (`Has` for 支持/可以/拥有…: the platform has it).
    Status(Status),
    /// 没有, 未, 不支持…: the clause denies the feature.
    Negation,
    /// 如果, 是否, 会不会…: nothing is asserted.
    Hypothetical,
    /// 用户, 网友, 我…: someone other than the platform may be acting.
    User,
    /// 该功能, 后者…: the sentence continues a subject named before.
    Anaphor,
    /// 而后, 随后, 接着…: at a sentence start, the sentence continues the previous one in time.
    Continuation,
    /// 首先, 其次, 此外…: at a sentence start, the sentence continues the previous one as the next
    /// item of a list (of reasons as often as of steps), so it keeps the subject, not the time.
    Enumeration,
    /// 收购, 并购…: a company changing hands; the clause states no feature or app event.
    Deal,
    /// 之所以, 因为, 原因…: the sentence explains; a list it opens is a list of reasons.
    Reason,
    /// 各大应用, 各种平台…: a general remark about apps, not one platform.
    Generic,
    /// 与/和/跟/同/像: may open a comparison frame ended by [`Cue::CompareEnd`].
    CompareStart,
    /// 类似, 相似, 一样…: closes a comparison opened by [`Cue::CompareStart`].
    CompareEnd,
    /// 类似于, 相当于, 对标, 效仿…: the platform right after is compared with, not the subject.
    CompareForward,
    /// 向, 对, 比, 从, 除了, 继…: the platform right after is an object, not the subject.
    Preposition,
    /// 据, 根据: opens a source frame (`据X报道`).
    SourceStart,
    /// 报道, 消息, 透露…: closes a source frame.
    SourceEnd,
    /// 本文由, 未经许可…: the sentence is the site's boilerplate.
    Boilerplate,
    /// Shadows a shorter cue (`未来` is no negation, `同城` no preposition).
    Ignore,
}

const LAUNCHED: Cue = Cue::Status(Status::Launched);
const TESTING: Cue = Cue::Status(Status::Testing);
const RELAUNCHED: Cue = Cue::Status(Status::Relaunched);
const ADJUSTED: Cue = Cue::Status(Status::Adjusted);
const CLOSED: Cue = Cue::Status(Status::Closed);
const HAS: Cue = Cue::Status(Status::Has);

const CUES: &[(&str, Cue)] = {
    use Cue::*;
    &[
        // launched
        ("上线", LAUNCHED),
        ("推出", LAUNCHED),
        ("发布", LAUNCHED),
        ("新增", LAUNCHED),
        ("增加", LAUNCHED),
        ("增设", LAUNCHED),
        ("增添", LAUNCHED),
        ("加上了", LAUNCHED),
        ("加上", Ignore),
        ("开通", LAUNCHED),
        ("上架", LAUNCHED),
        ("上新", LAUNCHED),
        ("引入", LAUNCHED),
        ("正式开放", LAUNCHED),
        ("全量开放", LAUNCHED),
        ("面世", LAUNCHED),
        ("亮相", LAUNCHED),
        // testing
        ("内测", TESTING),
        ("测试", TESTING),
        ("公测", TESTING),
        ("灰度", TESTING),
        ("试水", TESTING),
        ("试点", TESTING),
        ("试运营", TESTING),
        // relaunched
        ("重启", RELAUNCHED),
        ("重新上线", RELAUNCHED),
        ("重新推出", RELAUNCHED),
        ("再次上线", RELAUNCHED),
        ("重新上架", RELAUNCHED),
        // adjusted
        ("调整", ADJUSTED),
        ("升级", ADJUSTED),
        ("改版", ADJUSTED),
        ("更名", ADJUSTED),
        ("改名", ADJUSTED),
        // closed
        ("关闭", CLOSED),
        ("下线", CLOSED),
        ("停运", CLOSED),
        ("停止运营", CLOSED),
        ("停止服务", CLOSED),
        ("关停", CLOSED),
        ("停服", CLOSED),
        ("折戟", CLOSED),
        // A frequent mistyping of 折戟 (the seed article has it).
        ("折戬", CLOSED),
        ("下架", CLOSED),
        ("砍掉", CLOSED),
        ("取消", CLOSED),
        // has
        ("支持", HAS),
        ("可以", HAS),
        ("可", HAS),
        ("能够", HAS),
        ("能", HAS),
        ("拥有", HAS),
        ("有", HAS),
        ("提供", HAS),
        ("具备", HAS),
        ("主打", HAS),
        ("包括", HAS),
        ("进行", HAS),
        ("使用", HAS),
        ("进入", HAS),
        ("发起", HAS),
        ("通过", HAS),
        ("创建", HAS),
        ("借助", HAS),
        // negation
        ("没有", Negation),
        ("没", Negation),
        ("未", Negation),
        ("并未", Negation),
        ("尚未", Negation),
        ("不支持", Negation),
        ("无法", Negation),
        ("不能", Negation),
        ("不可", Negation),
        ("不再", Negation),
        ("从未", Negation),
        ("不含", Negation),
        ("不带", Negation),
        ("缺少", Negation),
        ("缺乏", Negation),
        ("不具备", Negation),
        // hypothetical
        ("如果", Hypothetical),
        ("假如", Hypothetical),
        ("若", Hypothetical),
        ("倘若", Hypothetical),
        ("要是", Hypothetical),
        ("是否", Hypothetical),
        ("会不会", Hypothetical),
        ("能否", Hypothetical),
        ("可能会", Hypothetical),
        ("或将", Hypothetical),
        ("有望", Hypothetical),
        ("计划", Hypothetical),
        ("打算", Hypothetical),
        ("传闻", Hypothetical),
        ("即将", Hypothetical),
        ("将会", Hypothetical),
        ("接下来", Hypothetical),
        // users
        ("用户", User),
        ("网友", User),
        ("我", User),
        ("他", User),
        ("她", User),
        ("博主", User),
        ("主播", User),
        ("消费者", User),
        ("玩家", User),
        // anaphors
        ("该功能", Anaphor),
        ("此功能", Anaphor),
        ("这一功能", Anaphor),
        ("这个功能", Anaphor),
        ("该产品", Anaphor),
        ("这款产品", Anaphor),
        ("该应用", Anaphor),
        ("这款应用", Anaphor),
        ("这款软件", Anaphor),
        ("该软件", Anaphor),
        // Matched whatever the case of their letters (`该APP`, `该app`), as every word is.
        ("该App", Anaphor),
        ("这款App", Anaphor),
        ("该平台", Anaphor),
        ("后者", Anaphor),
        ("前者", Anaphor),
        // continuations
        ("首先", Enumeration),
        ("其次", Enumeration),
        ("此外", Enumeration),
        ("另外", Enumeration),
        ("同时", Enumeration),
        ("而后", Continuation),
        ("随后", Continuation),
        ("之后", Continuation),
        ("此后", Continuation),
        ("紧接着", Continuation),
        ("接着", Continuation),
        ("然后", Continuation),
        ("除此之外", Enumeration),
        ("与此同时", Enumeration),
        ("不久", Continuation),
        ("再者", Enumeration),
        // reasons
        ("之所以", Reason),
        ("由于", Reason),
        ("原因", Reason),
        // deals
        ("收购", Deal),
        ("并购", Deal),
        ("入股", Deal),
        // general remarks
        ("各大应用", Generic),
        ("各大平台", Generic),
        ("各大App", Generic),
        ("各种应用", Generic),
        ("各类应用", Generic),
        ("各平台", Generic),
        ("很多应用", Generic),
        ("不少应用", Generic),
        ("社交应用", Generic),
        ("互联网应用", Generic),
        ("互联网产品", Generic),
        ("其他平台", Generic),
        ("其他应用", Generic),
        ("应用开发者", Generic),
        ("工具类应用", Generic),
        ("平台们", Generic),
        ("厂商们", Generic),
        ("大厂们", Generic),
        ("巨头们", Generic),
        ("互联网公司", Generic),
        ("各家", Generic),
        ("这类", Generic),
        ("此类", Generic),
        ("各类", Generic),
        ("这些应用", Generic),
        ("这些产品", Generic),
        // comparison and object frames
        ("与", CompareStart),
        ("和", CompareStart),
        ("跟", CompareStart),
        ("同", CompareStart),
        ("像", CompareStart),
        ("类似", CompareEnd),
        ("相似", CompareEnd),
        ("一样", CompareEnd),
        ("相同", CompareEnd),
        ("相仿", CompareEnd),
        ("雷同", CompareEnd),
        ("如出一辙", CompareEnd),
        ("类似于", CompareForward),
        ("相当于", CompareForward),
        ("对标", CompareForward),
        ("效仿", CompareForward),
        ("模仿", CompareForward),
        ("借鉴", CompareForward),
        ("照搬", CompareForward),
        ("抄袭", CompareForward),
        ("复制", CompareForward),
        ("不同于", CompareForward),
        ("区别于", CompareForward),
        ("不像", CompareForward),
        ("好比", CompareForward),
        ("如同", CompareForward),
        ("向", Preposition),
        ("对", Preposition),
        ("对于", Preposition),
        ("比", Preposition),
        ("比起", Preposition),
        ("相比", Preposition),
        ("从", Preposition),
        ("给", Preposition),
        ("为", Preposition),
        ("除了", Preposition),
        ("继", Preposition),
        ("被", Preposition),
        ("关于", Preposition),
        ("据", SourceStart),
        ("根据", SourceStart),
        ("报道", SourceEnd),
        ("消息", SourceEnd),
        ("透露", SourceEnd),
        ("介绍", SourceEnd),
        ("显示", SourceEnd),
        ("获悉", SourceEnd),
        ("了解", SourceEnd),
        ("统计", SourceEnd),
        ("数据", SourceEnd),
        // boilerplate
        ("本文由", Boilerplate),
        ("本文来自", Boilerplate),
        ("作者：", Boilerplate),
        ("公众号：", Boilerplate),
        ("微信公众号（ID", Boilerplate),
        ("未经许可", Boilerplate),
        ("未经授权", Boilerplate),
        ("题图来自", Boilerplate),
        ("转载请", Boilerplate),
        ("原创发布", Boilerplate),
        ("责任编辑", Boilerplate),
        ("原标题", Boilerplate),
        // shadows
        ("未来", Hypothetical),
        ("未知", Ignore),
        ("未必", Ignore),
        ("若干", Ignore),
        ("同城", Ignore),
        ("同样", Ignore),
        ("同意", Ignore),
        ("同事", Ignore),
        ("同学", Ignore),
        ("同步", Ignore),
        ("同期", Ignore),
        ("共同", Ignore),
        ("同年", Ignore),
        ("对方", Ignore),
        ("对话", Ignore),
        ("针对", Ignore),
        ("面对", Ignore),
        ("绝对", Ignore),
        ("作为", Ignore),
        ("成为", Ignore),
        ("因为", Reason),
        ("认为", Ignore),
        ("为了", Ignore),
        ("更为", Ignore),
        ("较为", Ignore),
        ("没错", Ignore),
        ("有意思", Ignore),
        ("有的", Ignore),
        ("有些", Ignore),
        ("只有", Ignore),
        ("所有", Ignore),
        ("还有", Ignore),
        ("没有什么", Ignore),
        ("可能", Ignore),
        ("可见", Ignore),
        ("可谓", Ignore),
        ("不可否认", Ignore),
        ("能力", Ignore),
        ("功能", Ignore),
        ("智能", Ignore),
        ("可以说", Ignore),
        ("提供商", Ignore),
        ("测试版", Ignore),
        // `QQ秀的升级版`: an upgraded version named, no upgrade reported.
        ("升级版", Ignore),
        ("我们", Ignore),
        ("自我", Ignore),
        ("其他", Ignore),
        ("他们", User),
        ("和平", Ignore),
        ("总和", Ignore),
        ("像素", Ignore),
        ("图像", Ignore),
        ("影像", Ignore),
        ("好像", Ignore),
        ("想象", Ignore),
        ("相对", Ignore),
        ("比如", Ignore),
        ("比例", Ignore),
        ("比较", Ignore),
        ("对比", Preposition),
        ("从而", Ignore),
        ("从来", Ignore),
        ("给予", Ignore),
        ("以为", Ignore),
        ("成为了", Ignore),
        ("主要", Ignore),
        ("计划书", Ignore),
        ("具有", Ignore),
        ("赋能", Ignore),
        ("性能", Ignore),
        ("技能", Ignore),
        ("才能", Ignore),
        ("本能", Ignore),
        ("功能性", Ignore),
    ]
};

/// One cue found in a text, as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueHit {
    pub start: usize,
    pub end: usize,
    pub cue: Cue,
}

/// The cue words, in the order the scanner's automaton numbers them.
pub fn words() -> impl Iterator<Item = &'static str> {
    CUES.iter().map(|(w, _)| *w)
}

/// What cue word `k` does (a leftmost-longest match of it; [`Cue::Ignore`] for an unknown `k`).
pub fn cue(k: usize) -> Cue {
    CUES.get(k).map_or(Cue::Ignore, |c| c.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::scan::Scanner;
    use crate::extract::testkit::knowledge;

    fn cues(text: &str) -> Vec<(String, Cue)> {
        Scanner::cues(&Scanner::new(&knowledge()).scan(text).get(0))
            .into_iter()
            .map(|h| (text[h.start..h.end].to_string(), h.cue))
            .collect()
    }

    #[test]
    fn longest_cue_wins() {
        assert_eq!(
            cues("重新上线"),
            vec![("重新上线".into(), Cue::Status(Status::Relaunched))]
        );
        assert_eq!(cues("未来")[0].1, Cue::Hypothetical);
        assert_eq!(cues("未必"), vec![]);
        assert_eq!(cues("尚未上线")[0].1, Cue::Negation);
    }

    #[test]
    fn each_status_has_verbs() {
        for (text, st) in [
            ("上线", Status::Launched),
            ("内测", Status::Testing),
            ("灰度", Status::Testing),
            ("重启", Status::Relaunched),
            ("改版", Status::Adjusted),
            ("折戟", Status::Closed),
            ("停运", Status::Closed),
            ("支持", Status::Has),
        ] {
            assert_eq!(cues(text), vec![(text.to_string(), Cue::Status(st))]);
        }
    }
}
