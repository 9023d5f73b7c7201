
"""Names for demo people and companies: Georgian, Russian and Portuguese, in their own scripts.

Georgian names are written in Georgian script (ნინო ბერიძე) or in one of the Latin
transliterations met in real registers (Nino Beridze, Nino Ber'idze, Dzhaparidze/Japaridze,
informal "xarashvili"); Russian names in Cyrillic with a patronymic; Portuguese (Brazilian)
names with their accents. Everything here is plain data and small pure functions.
"""

from __future__ import annotations

import unicodedata

# In Georgian script; Latin spellings are computed by transliterate_georgian().
GEORGIAN_MALE = [
    "გიორგი", "დავით", "ლევან", "ნიკოლოზ", "ირაკლი", "ზურაბ", "თამაზ", "გოჩა", "ვახტანგ",
    "ალექსანდრე", "ლაშა", "ბექა", "გურამ", "შოთა", "ავთანდილ", "მამუკა", "ზვიად", "ოთარ",
    "რევაზ", "ჯემალ", "ნოდარ", "თემურ", "სანდრო", "ლუკა", "დათო", "ილია", "ტარიელ", "ჯაბა",
]
GEORGIAN_FEMALE = [
    "ნინო", "თამარ", "მარიამ", "ნათია", "ეკატერინე", "ქეთევან", "მანანა", "ლია", "ნანა",
    "ხათუნა", "თეონა", "სალომე", "ანა", "ელენე", "ირმა", "მაია", "ცირა", "ნესტან", "ციალა",
    "ლელა", "ეთერ", "მზია", "ნატო", "ბარბარე", "ანი", "თინათინ", "ხატია", "ია",
]
GEORGIAN_SURNAMES = [
    "ბერიძე", "კაპანაძე", "გელაშვილი", "მაისურაძე", "გიორგაძე", "ლომიძე", "წიკლაური",
    "ბოლქვაძე", "ნოზაძე", "ხუციშვილი", "ჯაფარიძე", "ტაბატაძე", "მჭედლიშვილი", "ქავთარაძე",
    "ჩიქოვანი", "ჯანელიძე", "გოგიჩაიშვილი", "კვარაცხელია", "ცერცვაძე", "დოლიძე", "შენგელია",
    "ჭელიძე", "აბაშიძე", "ხარაიშვილი", "მამულაშვილი", "ღლონტი", "ყიფიანი", "ჟორჟოლიანი",
    "ნიჟარაძე", "ჯავახიშვილი", "წერეთელი", "კობახიძე", "სვანიძე", "ცხადაძე", "ბაღათურია",
    "ფანცულაია", "ესებუა", "ხვიჩია", "ქარჩავა", "გაბუნია", "ჩხეიძე", "ყაველაშვილი",
    "ღვინიაშვილი", "ჭანტურია", "ფხაკაძე", "თოდუა", "ჯიქია", "ხომერიკი",
]

# Transliteration systems, keyed by name. "national" is Georgia's 2002 system (passports);
# "apostrophe" marks ejectives; "russian" is the Soviet-era spelling still found in old
# records; "informal" is how people type Georgian on Latin keyboards.
_BASE = {
    "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t", "ი": "i",
    "კ": "k", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh", "რ": "r", "ს": "s",
    "ტ": "t", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q", "შ": "sh", "ჩ": "ch", "ც": "ts",
    "ძ": "dz", "წ": "ts", "ჭ": "ch", "ხ": "kh", "ჯ": "j", "ჰ": "h",
}
TRANSLITERATIONS = {
    "national": _BASE,
    "apostrophe": {**_BASE, "კ": "k'", "პ": "p'", "ტ": "t'", "წ": "ts'", "ჭ": "ch'", "ყ": "q'"},
    "russian": {**_BASE, "ჯ": "dzh", "ყ": "k", "ღ": "g", "ფ": "f", "ქ": "k", "ხ": "kh"},
    "informal": {**_BASE, "ხ": "x", "ყ": "y", "წ": "w", "ჭ": "W", "ჟ": "J", "ღ": "R", "ც": "c",
                 "თ": "T", "შ": "S", "ჩ": "C", "ძ": "Z"},
}
TRANSLITERATION_WEIGHTS = {"national": 70, "apostrophe": 5, "russian": 15, "informal": 10}


def transliterate_georgian(text: str, system: str = "national") -> str:
    """Georgian script to Latin; each word capitalised (informal keeps its case quirks)."""
    table = TRANSLITERATIONS[system]
    words = []
    for word in text.split(" "):
        latin = "".join(table.get(ch, ch) for ch in word)
        if system == "informal":
            latin = latin.lower()
        words.append(latin[:1].upper() + latin[1:])
    return " ".join(words)


# Russian: (name, patronymic for a son, patronymic for a daughter)
RUSSIAN_MALE = [
    ("Александр", "Александрович", "Александровна"), ("Сергей", "Сергеевич", "Сергеевна"),
    ("Андрей", "Андреевич", "Андреевна"), ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Алексей", "Алексеевич", "Алексеевна"), ("Михаил", "Михайлович", "Михайловна"),
    ("Николай", "Николаевич", "Николаевна"), ("Владимир", "Владимирович", "Владимировна"),
    ("Иван", "Иванович", "Ивановна"), ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Олег", "Олегович", "Олеговна"), ("Игорь", "Игоревич", "Игоревна"),
    ("Юрий", "Юрьевич", "Юрьевна"), ("Виктор", "Викторович", "Викторовна"),
    ("Павел", "Павлович", "Павловна"), ("Фёдор", "Фёдорович", "Фёдоровна"),
]
RUSSIAN_FEMALE = [
    "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Мария", "Людмила",
    "Галина", "Марина", "Екатерина", "Юлия", "Валентина", "Нина", "Софья", "Алёна",
]
RUSSIAN_SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Шевченко", "Бондаренко", "Ковальский", "Белых", "Толстой", "Мирзоян",
]


def russian_surname(surname: str, female: bool) -> str:
    """The feminine form where Russian grammar has one (Иванов → Иванова)."""
    if not female:
        return surname
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-4] + "ская"
    if surname.endswith("ой"):
        return surname[:-2] + "ая"
    return surname


_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
    strict=True,
))

PORTUGUESE_MALE = [
    "João", "José", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz",
    "Marcos", "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Rodrigo",
    "Sebastião", "Raimundo", "Otávio", "Caio", "Vinícius", "Thiago", "Luís Henrique",
    "João Pedro", "Benedito", "Joaquim",
]
PORTUGUESE_FEMALE = [
    "Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda",
    "Patrícia", "Aline", "Sandra", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia",
    "Luciana", "Vanessa", "Mariana", "Beatriz", "Cecília", "Lúcia", "Inês", "Ana Paula",
    "Maria José", "Maria da Conceição", "Maria de Fátima", "Ana Clara", "Conceição",
]
PORTUGUESE_SURNAMES = [
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
    "Gomes", "Ribeiro", "Carvalho", "Araújo", "Gonçalves", "Magalhães", "Simões", "Conceição",
    "Assunção", "Brandão", "Falcão", "Guimarães", "Damásio", "Nóbrega", "Sá", "Tavares",
    "Mendonça", "Câmara", "Leão", "Romão", "Barbosa", "Cavalcanti", "Patrício",
]
PORTUGUESE_PARTICLES = {"Silva": "da", "Santos": "dos", "Souza": "de", "Oliveira": "de",
                        "Conceição": "da", "Assunção": "da", "Sá": "de"}


def portuguese_surname(first: str, second: str) -> str:
    """A Brazilian two-part surname: mother's then father's (Ribeiro da Silva)."""
    particle = PORTUGUESE_PARTICLES.get(second)
    tail = f"{particle} {second}" if particle else second
    return tail if first == second else f"{first} {tail}"


GEORGIAN_COMPANY_WORDS = [
    "მზიური", "კავკასიონი", "ალაზანი", "მთაწმინდა", "ოქროს საწმისი", "ცისფერი ტბა", "ნარიყალა",
    "თეთრი ხიდი", "ლომისი", "რიონი", "ბამბა", "ვარძია", "სამშობლო", "მერანი", "ფარავანი",
]
GEORGIAN_BUSINESSES = [
    "აფთიაქი", "საცხობი", "კაფე", "სილამაზის სალონი", "სტომატოლოგია", "ბაზარი", "ოპტიკა",
    "ყვავილების მაღაზია", "ქიმწმენდა", "ნოტარიუსი",
]
PORTUGUESE_BUSINESSES = [
    "Padaria", "Farmácia", "Lavanderia", "Clínica Odontológica", "Barbearia", "Papelaria",
    "Pet Shop", "Mercadinho", "Ótica", "Escritório de Advocacia", "Floricultura", "Lanchonete",
]
PORTUGUESE_COMPANY_WORDS = [
    "Bom Sabor", "São Jorge", "Estrela", "Pão Dourado", "Vida Nova", "Boa Esperança",
    "Sorriso", "Ipê Amarelo", "Bem-te-vi", "Paulista", "Jardim", "Santa Luzia", "Ouro Preto",
]
PORTUGUESE_COMPANY_FORMS = ["Ltda.", "ME", "Ltda.", "EIRELI", "S.A."]

EMAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example", "post.example"]


def ascii_slug(text: str) -> str:
    """Lower-case ASCII for an e-mail local part (Gonçalves → goncalves, Иванов → ivanov)."""
    text = text.lower()
    for ch, latin in TRANSLITERATIONS["national"].items():
        text = text.replace(ch, latin)
    text = "".join(_CYRILLIC.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in ".-")
