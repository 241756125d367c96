"""Word lists and tables for the number and date rules (:mod:`checker.detect.numbers`).

Kept apart from the matching logic so a list can be extended without reading the code.
"""

from __future__ import annotations

#: Languages whose digits use ``.`` for decimals and ``,`` for thousands (1,200.5).
DECIMAL_POINT_LANGS = frozenset({"en", "zh", "ja", "ko", "ms", "th", "he", "ga", "cy", "mt"})

#: Full-width digits and signs mapped one code point to one code point (offsets keep).
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９％．，：／", "0123456789%.,:/")

#: Chinese numeral characters (digits and multipliers).
ZH_DIGITS = "零〇一二两三四五六七八九"
ZH_MULTIPLIERS = "十百千万亿廿卅"

#: Measure words and units after which a bare Chinese numeral is plainly a count
#: (三个车站, 五轮, 两名, 七座). Longest first where one is the prefix of another.
ZH_MEASURES = tuple(
    sorted(
        """
        个 名 位 人 次 家 座 条 项 种 件 只 头 匹 辆 架 艘 台 部 本 张 片 块 所 间 栋 幢 层 口 户
        批 支 队 组 届 期 轮 场 起 例 份 篇 首 幅 颗 棵 株 枚 吨 斤 克 米 元 岁 年 天 周 倍 号
        级 度 处 节 门 封 笔 朵 杯 瓶 箱 袋 包 句 所 条 座 列 趟 班 套 款 辑 集 章 卷 栏 段 根
        支 把 双 对 副 道 扇 盏 届 任 代 世纪 季度 公里 公斤 千克 千米 平方 立方 小时 分钟 秒钟
        公顷 亩 美元 欧元 英镑 日元 港元 美金 万元 亿元 千瓦 兆瓦 摄氏度 毫米 厘米 百分点 个月

        """.split(),
        key=len,
        reverse=True,
    )
)

#: Chinese words that contain numerals but are not counts (a reader says "Sichuan", "the
#: cross-strait", "the Belt and Road", "very"). Numbers inside them are never reported.
ZH_NUMERAL_WORDS = tuple(
    sorted(
        """
        一带一路 三农 两岸 两会 两委 三峡 四川 十四五 十三五 十二五 五四 五一 七一 八一 十一长假
        双十一 九一八 一国两制 两学一做 三严三实 四个全面 四个意识 四个自信 两个维护 两个确立
        千方百计 成千上万 千家万户 万众一心 一五一十 百花齐放 五湖四海 三令五申 七嘴八舌 乱七八糟
        三三两两 一举两得 三天两头 九死一生 四面八方 十全十美 一心一意 三心二意 七上八下 五花八门
        一千零一 十分 万分 千万 百姓 百货 万物 万岁 亿万 万一 一些 一起 一切 一样 一般 一定 一直
        一致 一体 一同 一道 一旦 一律 一向 一再 一度 一边 一方面 一下 一点 一线 统一 唯一 进一步
        之一 第一 一是 二是 三是 四是 五是 六是 七是 八是 其一 其二 一方 双方 三方 多方 两手
        百年未有 一把手 二把手 两极 两性 一类 二类 三类 三甲 二线 三线 一二线 五金 三维 二维
        一氧化 二氧化 四环 五环 三环 二环 一环 三角 四合院 五星 七夕 九寨 十堰 六盘水 三亚 五台
        九江 三明 万州 千岛 万达 三星 一汽 二汽 五粮液 四方 八方 八卦 九州 十字 万象 百度 千年
        万里 两江 三江 五岳 九龙 二胡 七彩 八宝 百合 百强 千亿级 万亿级 一把 两把 一手 二手
        三轮车 三级医院 二级医院 一级医院 三甲医院 二甲医院
        """.split(),
        key=len,
        reverse=True,
    )
)

#: Characters before a Chinese number that mark it approximate (约30, 近30, 超过30).
ZH_APPROX_BEFORE = ("约", "近", "逾", "超", "达", "余", "上", "约合", "大约", "将近", "接近")
#: Characters after a Chinese number that mark it approximate (30多, 30余, 30左右).
ZH_APPROX_AFTER = ("多", "余", "左右", "以上", "以下", "许", "来", "上下")

#: English number words and their values.
EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
EN_SCALES = {
    "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
#: Abbreviated scales written straight after digits ($1.2bn, 5m, 10k).
EN_SCALE_ABBREV = {
    "k": 1000,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "bn": 10**9,
    "b": 10**9,
    "tn": 10**12,
    "trn": 10**12,
}
EN_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 10**6, "forth": 4,
}  # fmt: skip
#: Words that stand for a number without being numerals: never reported, but a source number
#: they render is not missing (两次 → twice, 十年 → a decade, 百分之五十 → half).
EN_NUMBER_LIKE = {
    "dozen": (12,), "twice": (2,), "double": (2,), "doubled": (2,), "doubling": (2,),
    "both": (2,), "pair": (2,), "couple": (2,), "twin": (2,), "dual": (2,), "bilateral": (2,),
    "triple": (3,), "tripled": (3,), "trio": (3,), "quadrupled": (4,), "once": (1,),
    "half": (0.5, 50, 2), "halved": (0.5, 50, 2), "quarter": (0.25, 25, 4),
    "quarters": (0.75, 75, 4), "decade": (10,), "decades": (10,), "century": (100,),
    "centenary": (100,), "centennial": (100,), "millennium": (1000,), "fortnight": (14, 2),
    "score": (20,), "hundreds": (100,), "thousands": (1000,), "millions": (10**6,),
    "billions": (10**9,), "dozens": (12,), "tens": (10,), "noon": (12,), "midnight": (12, 0),
    "weekly": (7,), "annual": (1,), "bimonthly": (2,), "biennial": (2,), "daily": (1,),
    "clock": (24,), "weekend": (2, 6, 7), "primary": (1,), "secondary": (2,), "tertiary": (3,),
    "sole": (1,), "single": (1,), "lone": (1,), "several": (3, 4, 5), "few": (2, 3),
}  # fmt: skip

#: English words before a number that make it approximate (about 30, nearly 30).
EN_APPROX_BEFORE = frozenset(
    """
    about around nearly almost roughly approximately some over under more fewer less than
    close to upwards up least at estimated circa approx
    """.split()
)

#: Month names and abbreviations (May is a month only next to a day or a year).
EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
EN_WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6,
    "sat": 6, "sunday": 7, "sun": 7,
}  # fmt: skip
#: Chinese weekday numerals after 周/星期/礼拜.
ZH_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}

#: Chinese 半 ("half") before a unit, and what the half comes to (半年 → six months).
ZH_HALF_UNITS = {
    "年": (0.5, 6), "个月": (0.5, 15, 2), "月": (0.5, 15, 2), "小时": (0.5, 30),
    "个小时": (0.5, 30), "天": (0.5, 12), "日": (0.5, 12), "数": (0.5, 50), "": (0.5, 50),
}  # fmt: skip

#: Pinyin of Chinese numerals: a place name that spells one (五道梁 → Wudaoliang) renders it.
ZH_NUMERAL_PINYIN = {
    "一": "yi", "二": "er", "两": "liang", "三": "san", "四": "si", "五": "wu", "六": "liu",
    "七": "qi", "八": "ba", "九": "jiu", "十": "shi", "百": "bai", "千": "qian", "万": "wan",
    "零": "ling", "〇": "ling",
}  # fmt: skip

#: Traditional Chinese units a translation converts (20里 → 10 km, 1000斤 → 500 kg,
#: 6000亩 → 400 hectares), with the factor to the metric unit.
ZH_UNIT_CONVERSIONS = {
    "华里": 0.5, "公里": 0.6214, "里": 0.5, "公斤": 2.2046, "斤": 0.5, "亩": 1 / 15, "尺": 1 / 3,
    "英里": 1.609, "英尺": 0.3048, "平方公里": 100, "公顷": 2.471, "米": 3.281,
}  # fmt: skip

#: Chinese words that stand for a number without a numeral: never reported, but a target
#: number they account for is not new (首届 → 1st, 全天候 → 24-hour, 上下册 → Volumes 1 & 2).
ZH_NUMBER_WORDS = {
    "首": (1,), "头": (1,), "单": (1,), "独": (1,), "全天候": (24,), "全天": (24,),
    "昼夜": (24,), "日夜": (24,), "上下册": (1, 2), "双": (2,), "俩": (2,), "对": (2,),
    "半": (0.5, 50), "周": (7,), "星期": (7,), "旬": (10,), "世纪": (100,), "百年": (100,),
    "季度": (3,), "新冠": (19,), "新型冠状": (19, 2),
}  # fmt: skip
