from cchc.domain.names import full_name, given_name, sort_key


def test_full_name_is_ho_dem_ten():
    assert full_name("Trần", "Mạnh Hùng") == "Trần Mạnh Hùng"
    assert full_name(" Lò ", "Thu  Hương") == "Lò Thu Hương"
    assert full_name("", "Hùng") == "Hùng" and full_name("Trần", None) == "Trần"
    assert given_name("Trần", "Mạnh Hùng") == "Hùng"


def test_people_sort_by_ten_then_ho_dem_with_d_bar_after_d():
    people = [("Vũ", "Đức Anh"), ("Trần", "Mạnh Hùng"), ("Lê", "Thị Mai"), ("Nguyễn", "Văn Dũng"),
              ("Phạm", "Văn Đức"), ("Lò", "Thu Hương"), ("Đặng", "Văn Anh"), ("Nguyễn", "Thị Lan")]  # fmt: skip
    ordered = [full_name(*p) for p in sorted(people, key=lambda p: sort_key(*p))]
    assert ordered == [
        "Đặng Văn Anh",  # tên Anh; họ "Đặng" sorts before "Vũ"
        "Vũ Đức Anh",
        "Nguyễn Văn Dũng",
        "Phạm Văn Đức",  # Đ after D
        "Trần Mạnh Hùng",
        "Lò Thu Hương",
        "Nguyễn Thị Lan",
        "Lê Thị Mai",
    ]
