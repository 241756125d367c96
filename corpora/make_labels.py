"""Regenerate the MT-style corpora (``NAME.mt.en``) and their labels (``NAME.mt.labels.jsonl``).

The MT texts below carry inline markup for every planted fault:

* ``⟦CODE|text⟧`` marks ``text`` as one fault of the rule named by ``CODE``;
* ``⟦GSF|word.|Fragment words⟧`` is a stray fragment glued onto the end of a
  sentence: it yields a ``glued-sentence`` label (``word.Fragment``) and a
  ``stray-fragment`` label (``Fragment words``) that share the first fragment word.

The markup is removed from the written file and the offsets are Python code-point
offsets into the file's content as read by ``open(path, encoding="utf-8").read()``.
Invisible characters are written as escapes (``\\u200b`` ...) so they really are
in the file.

Run from anywhere: ``python corpora/make_labels.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

RULES = {
    "SH": "spaced-hyphen",
    "GS": "glued-sentence",
    "SF": "stray-fragment",
    "RP": "repetition",
    "UT": "untranslated-script",
    "FW": "fullwidth-punctuation",
    "SP": "spacing",
    "UB": "unbalanced-brackets-quotes",
    "MJ": "mojibake",
    "IC": "invisible-characters",
}

MARK = re.compile(r"⟦([A-Z]+)\|(.*?)⟧", re.DOTALL)

DOCS: dict[str, list[str]] = {
    "metro": [
        "The first phase of Jiangzhou Metro Line 5 officially opened for operation at 9:30 a.m. "
        "on Sept. 28. The line is 29.6 km long and has 22 stations, seven of which are ⟦UT|换乘⟧ "
        "⟦GS|stations.At⟧ the opening ceremony, Mayor Fang Fang said that the new line will "
        "shorten the commuting time between the east of the city and the old city by about half.",
        "According to Jiangzhou Metro Group Corp., the first phase of Line 5 started construction "
        "in 2019⟦SP| ,⟧ with a total investment of about 21.6 billion yuan. The line uses six-car "
        "Type B trains, and the maximum running speed is 80 km ⟦RP|per hour per hour⟧. The "
        "departure interval is 4 minutes during peak hours and about 7 minutes during off-peak "
        "hours.",
        "In the initial stage of operation, Line 5 runs from 6:00 to 23:00 every day. Passengers "
        "can ride with a transportation card, a mobile QR code or a bank card⟦FW|，⟧and the "
        "elderly and the disabled can ride for free with valid certificates. The metro group "
        "expects that after the new line opens, the average daily passenger volume of the whole "
        "network will increase by about 120,000 ⟦GSF|trips.|Very good⟧",
        "There are a number of ⟦SH|anti -flood⟧ facilities along Line 5. All entrances and exits "
        "of underground stations are equipped with flood barriers and emergency drainage pumps. "
        "The metro group also carried out a three-month ⟦SH|self- inspection⟧ of the equipment "
        "on the whole line and rectified more than 1,200 problems.",
        "In order to facilitate the travel of citizens, bus connection stops and non-motorized "
        "vehicle parking lots⟦UB|)⟧ have been built at eight stations along the line. Among "
        "them, two night⟦IC|\u200b⟧time shuttle bus routes will be opened between Donghu Station "
        "and the Convention and Exhibition Center Station.",
        "Citizens generally welcome the new line. Li Guohua, a retired teacher who lives in the "
        "east of the city, said that in the past he had had to transfer buses twice to see a "
        "doctor in the old city, which took more than an hour on the road - now it only takes "
        '25 minutes by subway. "We have been looking forward to this line for a long time," he '
        "said.",
        "According to the plan, Jiangzhou will build 8 subway lines with a total length of more "
        "than 260 km by 2027. At present, 40% of the civil works of the second phase of Line 5 "
        "have been completed, and it is expected to open to traffic at the end of 2026⟦SP| .⟧ "
        "Citizens can log on to the official website of Jiangzhou Metro ⟦UB|(⟧"
        "www.jzmetro.example.cn to check the operating timetable.",
    ],
    "harvest": [
        "The Dongling Provincial Department of Agriculture and Rural Affairs released news on "
        "Friday that as of October 20, 92% of the province's autumn grain had been harvested"
        "⟦SP| ,⟧ three percentage points faster than the same period last year. This year, the "
        "sowing area of autumn grain in the province is 65 million mu ⟦FW|（⟧about 4.33 million "
        "hectares⟦FW|）⟧, and the total output is expected to reach 29.5 million tons, setting a "
        "new historical record.",
        "Wang Lixin, deputy director of the Provincial Department of Agriculture and Rural "
        "Affairs, said that this summer the ⟦MJ|provinceâ€™s⟧ average precipitation was 15% "
        "higher than normal, and some areas experienced ⟦UT|内涝⟧ for a time. All localities "
        "organized emergency drainage in time, and most of the affected farmland resumed "
        "production within one week.",
        "In the main ⟦SH|corn- producing⟧ areas, the mechanized harvesting rate has reached 87%. "
        "The province has put into use 34,000 combine harvesters and more than 4,500 dryers. In "
        "order to reduce harvest losses, the province organized 29 technical guidance "
        "⟦RP|teams of teams⟧ to go deep into the fields and help farmers adjust "
        "⟦RP|their their⟧ machinery.",
        "This year, the province continued to implement the minimum purchase price policy for "
        "rice. Up to now, all kinds of grain enterprises have purchased a total of 4.8 million "
        "tons of new grain. The provincial finance department also arranged 120 million yuan to "
        "subsidize low- and middle-income farmers in purchasing drying ⟦GSF|services.|Essence⟧",
        "In Hefeng County, Lin Lin, a large grain grower, planted 800 mu of rice this year. She "
        "said that due to the adoption of new varieties and drone plant pro⟦IC|\u00ad⟧tection, "
        "the yield per mu increased by about 50 kg compared with last year. \u201cThe harvest is "
        "good this year, and I feel at ease,\u201d she said.",
        "Experts reminded⟦FW|：⟧after late October the temperature drops quickly, and farmers "
        "should seize sunny weather to dry grain in time to prevent ⟦GS|mildew.The⟧ "
        "meteorological department predicts that the province will be mainly sunny to cloudy in "
        "the next ten days, which is conducive to finishing the autumn harvest⟦FW|。⟧",
        "It is understood that the province will also complete autumn and winter sowing by the "
        "end of November, and the planned⟦SP|  ⟧sowing area of winter wheat will be stable at "
        "more than 30 million mu.",
    ],
    "flood": [
        "Yunxi Meteorological Observatory issued an orange rainstorm warning signal at 16:00 on "
        "July 12, and it is expected that in the next 24 hours, heavy rainstorms will occur in "
        "the urban area and northern mountainous areas⟦SP| ;⟧ the rainfall in some areas can "
        "reach 250 mm. The Municipal Flood Control and Drought Relief Headquarters then "
        "immediately launched the Level II ⟦SH|flood -control⟧ emergency response.",
        "Affected by the continuous rainfall, the water level of the Yunxi River rose "
        "⟦GS|rapidly.As⟧ of 18:00 on the 12th, the water level of the urban section of the Yunxi "
        "River reached 28.7 meters, exceeding the warning water level by 1.2 meters. The "
        "hydrological department predicts that ⟦RP|the flood peak the flood peak the flood peak⟧ "
        "will pass through the urban area in the early morning of the 13th.",
        "The Municipal Flood Control and Drought Relief Headquarters requires all districts and "
        "counties to strengthen the prevention of ⟦UT|山洪⟧, geological disasters and urban "
        "waterlogging. The city has transferred more than 12,000 people from ⟦SH|low -lying⟧ "
        "and dangerous areas, and opened 46 emergency shelters.",
        "In order to ensure the safety of citizens, the Municipal Education Bureau decided that "
        "all of the ⟦MJ|cityâ€™s⟧ primary and secondary schools and kindergartens will suspend "
        "classes for one day on Friday. Some bus lines have been temporarily adjusted⟦FW|；⟧"
        "three stations on the riverside section of Metro Line 2 have suspended operation.",
        "The Municipal Emergency Management Bureau reminds citizens to go out as little as "
        "possible during the rainstorm and not to stay in river channels, under bridges or in "
        "under⟦IC|\u0007⟧ground passages. When driving on a waterlogged road section, do not "
        "force your way through. In case of danger, please call 119 or 110 immediately for help. "
        "⟦SF|Focus⟧",
        "At present, the city has pre-positioned more than 3,600 rescue workers, more than 200 "
        "assault boats and rubber boats, and 85 high-power drainage pump ⟦GS|trucks.The⟧ "
        "Municipal Water Group said that the main drainage pumping stations in the urban area "
        "have all been turned on⟦SP|,⟧and the hourly drainage capacity reaches 30,000 cubic "
        "meters.",
        "Chen Ming, deputy commander-in-chief of the Municipal Flood Control and Drought Relief "
        "Headquarters, said in an interview that since the start of the flood season this year, "
        "Yunxi City has experienced five rounds of heavy rainfall, and some embankments have been "
        "running at high water levels ⟦RP|for a long time for a long time⟧, so there are certain "
        'risks. "We cannot be careless in the slightest," he said.',
        "The public can learn about the latest rainfall and water regime information through the "
        "⟦UB|\u201c⟧Yunxi Release WeChat public account and the website of the Municipal Emergency "
        "Management Bureau.",
    ],
    "courier": [
        'The Nanyu Postal Administration recently issued the "Provisions on the Protection of '
        'Personal Information in Express Delivery ⟦GS|Services."The⟧ provisions will be '
        "implemented from March 1, 2024. There are 32 articles in total, requiring express "
        "delivery companies to adopt measures such as privacy waybills to prevent the personal "
        "information of senders and recipients from being leaked⟦SP| .⟧",
        "According to the provisions, express delivery companies shall partially hide the "
        "recipient's name, mobile phone number and detailed address on the waybill. Couriers "
        "shall not photograph⟦FW|，⟧copy or provide waybill information to third parties without "
        "authorization. Enterprises that violate the provisions can be fined up to 30,000 yuan "
        "⟦SP|( ⟧about 4,200 U.S. dollars).",
        "The provisions also require express delivery companies to establish a personal "
        "information security management system, carry out ⟦SH|self -inspection⟧ at least once "
        "a year, and submit the results to the postal management department. Waybill data "
        "stored beyond a two- to three-year period shall be deleted or anonymized on schedule.",
        "Gao Wenjing, director of the Nanyu Postal Administration, said that in recent years the "
        "express delivery volume in the city has grown rapidly, reaching 860 million pieces in "
        "2023, a year-on-year increase of 18%. At the same time, fraud cases using express "
        "waybill information occur from time to ⟦GSF|time.|Okay⟧",
        "In May this year, the bureau conducted spot checks on 120 express delivery outlets in "
        "the city and found that about ⟦SH|one -third⟧ of the outlets did not adequately protect "
        "waybill information. Among them, some outlets directly threw discarded waybills into "
        "⟦RP|the the⟧ trash cans.",
        "Many express delivery companies said they support the new ⟦GS|regulations.A⟧ person in "
        "charge of the Nanyu branch of a large express delivery company said that the "
        "company⟦IC|\ufeff⟧ has promoted the use of virtual numbers at outlets across the city, "
        "and calls between recipients and couriers will not display real mobile phone numbers.",
        "Dr. Zhao Chen, a legal expert and professor at Nanyu ⟦MJ|Universityâ€™s⟧ Law School, "
        "believes that the new provisions bring national-level personal information protection "
        "requirements down to the grassroots level and have ⟦SH|long -term⟧ significance. He "
        "also suggested that regulators should strengthen the training of outsourced delivery "
        "personnel.⟦UB|\u201d⟧",
        "If citizens find that their personal information has been leaked, they can call the "
        "⟦UT|举报⟧ hotline 12305 or send an e-mail to xinxi@nypost.example.gov.cn to complain.",
    ],
}


def render(paragraphs: list[str]) -> tuple[str, list[dict[str, object]]]:
    """Strip the markup; return the file content and its labels sorted by start."""
    source = "\n\n".join(paragraphs) + "\n"
    out: list[str] = []
    labels: list[dict[str, object]] = []
    pos = 0  # offset into the output
    last = 0  # offset into the source
    for m in MARK.finditer(source):
        plain = source[last : m.start()]
        out.append(plain)
        pos += len(plain)
        code, body = m.group(1), m.group(2)
        if code == "GSF":
            left, frag = body.split("|")
            text = left + frag
            first_word = frag.split(" ")[0]
            labels.append(
                {"rule": "glued-sentence", "start": pos, "end": pos + len(left) + len(first_word)}
            )
            labels.append(
                {"rule": "stray-fragment", "start": pos + len(left), "end": pos + len(text)}
            )
        else:
            text = body
            labels.append({"rule": RULES[code], "start": pos, "end": pos + len(text)})
        out.append(text)
        pos += len(text)
        last = m.end()
    out.append(source[last:])
    content = "".join(out)
    if "⟦" in content or "⟧" in content:
        msg = "unparsed markup left in output"
        raise ValueError(msg)
    for label in labels:
        label["text"] = content[label["start"] : label["end"]]  # type: ignore[index]
    labels.sort(key=lambda d: (d["start"], d["end"]))  # type: ignore[return-value]
    return content, labels


def visible(line: str) -> str:
    """Escape invisible characters so the labels file stays readable (still valid JSON)."""
    return "".join(f"\\u{ord(c):04x}" if c in INVISIBLE else c for c in line)


INVISIBLE = {"\u200b", "\u00ad", "\ufeff"}


def main() -> None:
    for name, paragraphs in DOCS.items():
        content, labels = render(paragraphs)
        (HERE / f"{name}.mt.en").write_bytes(content.encode("utf-8"))
        lines = [visible(json.dumps(lab, ensure_ascii=False)) + "\n" for lab in labels]
        (HERE / f"{name}.mt.labels.jsonl").write_bytes("".join(lines).encode("utf-8"))
        print(f"{name}: {len(labels)} labels")


if __name__ == "__main__":
    main()
