# -*- coding: utf-8 -*-
#
