-- Run after the bulk load. Blocks separated by a blank line run in parallel, each on its own connection;
-- the statements of a block run in order.
SET maintenance_work_mem = '256MB';
ALTER TABLE employeurs ADD PRIMARY KEY (id_compte);
CREATE UNIQUE INDEX employeurs_num_employeur ON employeurs (num_employeur);
CREATE UNIQUE INDEX employeurs_num_rc ON employeurs (num_rc);

SET maintenance_work_mem = '256MB';
ALTER TABLE declarations ADD PRIMARY KEY (id_compte, annee, mois);

SET maintenance_work_mem = '256MB';
ALTER TABLE versements ADD PRIMARY KEY (id_compte, annee, mois, num_ordre);

ALTER TABLE majorations ADD PRIMARY KEY (id_compte, annee, mois);
ALTER TABLE echeanciers ADD PRIMARY KEY (num_echeancier);
CREATE INDEX echeanciers_id_compte ON echeanciers (id_compte);
ALTER TABLE echeances ADD PRIMARY KEY (num_echeancier, rang);

SET maintenance_work_mem = '256MB';
ALTER TABLE assures ADD PRIMARY KEY (num_assure);
CREATE INDEX assures_num_employeur ON assures (num_employeur);
