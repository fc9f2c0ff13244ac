"""People: staff evaluation by output under NĐ 335/2025/NĐ-CP and digital-skills training (plain Python)."""
