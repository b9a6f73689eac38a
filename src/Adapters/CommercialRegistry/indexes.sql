ALTER TABLE rc_wilaya ADD CONSTRAINT pk_rc_wilaya PRIMARY KEY (code_wilaya);

-- The adapter looks employers up by registry number, one or a batch at a time.
ALTER TABLE rc_entreprise ADD CONSTRAINT pk_rc_entreprise PRIMARY KEY (num_rc);
ALTER TABLE rc_entreprise ADD CONSTRAINT uq_rc_entreprise_nif UNIQUE (nif);
ALTER TABLE rc_entreprise ADD CONSTRAINT fk_rc_entreprise_wilaya
    FOREIGN KEY (code_wilaya) REFERENCES rc_wilaya (code_wilaya);

ANALYZE rc_wilaya;
ANALYZE rc_entreprise;
